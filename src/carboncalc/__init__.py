"""carboncalc: forest-carbon (REDD+) figures from version-controlled YAML project files.

Library use::

    from carboncalc import load_project, carbon_stock
    loaded = load_project("alto-mayo")
    stock = carbon_stock(loaded.project.carbon, area_ha=182_000)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from carboncalc.loading import load_project
    from carboncalc.stocks import carbon_stock

__all__ = ["__version__", "carbon_stock", "load_project"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import carboncalc` (and the CLI's start-up) stays cheap.
    if name == "load_project":
        from carboncalc.loading import load_project

        return load_project
    if name == "carbon_stock":
        from carboncalc.stocks import carbon_stock

        return carbon_stock
    raise AttributeError(name)
