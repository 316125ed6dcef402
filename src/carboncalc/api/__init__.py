"""carboncalc from Python: the results the command line prints, as objects a notebook shows.

    import carboncalc
    p = carboncalc.load("alto-mayo", values={"credits.buffer": "20%"})
    p.stock().to_dict()             # the JSON document of `carboncalc stock alto-mayo -f json`
    p.emissions().to_frame()        # its table as a pandas DataFrame, indexed by year
    p.sweep("credits.buffer", ["10%", "20%", "30%"]).to_frame()
    carboncalc.compare().to_frame() # the portfolio, one row per project

Each method runs the same code as its command, so a figure here is the command's figure. Bad
input raises :class:`carboncalc.errors.CarboncalcError`, whose ``problems`` say where. Every
import of the computation happens inside the function that needs it, so that ``import
carboncalc`` stays cheap; pandas and matplotlib are imported only by ``to_frame``, ``draws``
and ``plot``.
"""

from __future__ import annotations

from carboncalc.api.portfolio import compare, did, evidence, rates
from carboncalc.api.project import Project, load
from carboncalc.api.results import Portfolio, Result, Sweep

__all__ = ["Portfolio", "Project", "Result", "Sweep", "compare", "did", "evidence", "load",
           "rates"]  # fmt: skip
