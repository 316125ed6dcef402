"""carboncalc: forest-carbon (REDD+) figures from version-controlled YAML project files.

From a notebook::

    import carboncalc
    p = carboncalc.load("alto-mayo", values={"credits.buffer": "20%"})
    p.credits().to_dict()           # as `carboncalc credits alto-mayo -f json`
    p.emissions().to_frame()        # its table as a pandas DataFrame, indexed by year
    carboncalc.compare().to_frame() # every project side by side

See :mod:`carboncalc.api`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from carboncalc.api import (
        Portfolio,
        Project,
        Result,
        Sweep,
        compare,
        did,
        evidence,
        load,
        rates,
    )
    from carboncalc.errors import CarboncalcError

__all__ = [
    "CarboncalcError",
    "Portfolio",
    "Project",
    "Result",
    "Sweep",
    "__version__",
    "compare",
    "did",
    "evidence",
    "load",
    "rates",
]
API = frozenset(__all__) - {"CarboncalcError", "__version__"}


def __getattr__(name: str) -> Any:
    # Lazy, so that `import carboncalc` (and the CLI's start-up) stays cheap.
    if name in API:
        from carboncalc import api

        return getattr(api, name)
    if name == "CarboncalcError":
        from carboncalc.errors import CarboncalcError

        return CarboncalcError
    raise AttributeError(f"module 'carboncalc' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
