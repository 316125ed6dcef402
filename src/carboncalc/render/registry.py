"""Which module renders each result, and how: one explicit table, read when a result is written.

Each result has one module in ``render/`` holding its record (JSON, CSV), its table and its
section of the report (:mod:`.stock` for ``stock``, :mod:`.credits` for ``credits``, ...). This
table names them by the result's class, as ``module:Class``, so that nothing registers itself
by being imported: a result's module is imported when that result is written and not before
(``stock --format json`` loads neither rich nor the credit modules), and the render modules
import no one but the kits, never each other nor this table.

A new command's result is one module and one line here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from carboncalc.render.documentkit import Block
    from carboncalc.render.recordkit import Record


class Renderer(NamedTuple):
    """A result's module under ``carboncalc.render`` and the names of its functions there:
    ``record(result) -> Record``, ``table(result) -> None`` (prints it), ``section(result, *,
    charts) -> list[Block]`` (its part of ``carboncalc report``), ``answer(result) ->
    list[str]`` (the lines its table starts with); None where it has none."""

    module: str
    record: str | None
    table: str | None
    section: str | None = None
    answer: str | None = None


RENDERERS: dict[str, Renderer] = {
    "carboncalc.reports.projects:ProjectList": Renderer("projects", "list_record", "list_table"),
    "carboncalc.reports.projects:ShowReport": Renderer("projects", "show_record", "show_table"),
    "carboncalc.reports.projects:StockReport": Renderer(
        "stock", "stock_record", "stock_table", "stock_section", "stock_answer"
    ),
    "carboncalc.reports.projects:EmissionsReport": Renderer(
        "emissions", "emissions_record", "emissions_table", "emissions_section", "emissions_answer"
    ),
    "carboncalc.reports.projects:EquivalentsReport": Renderer(
        "equivalents", "equivalents_record", "equivalents_table", "equivalents_section"
    ),
    "carboncalc.reports.forest:ForestReport": Renderer("forest", None, None, "forest_section"),
    "carboncalc.reports.check:CheckReport": Renderer(
        "check", "check_record", "check_table", None, "check_answer"
    ),
    "carboncalc.reports.check:CheckResult": Renderer("check", None, None, "claims_section"),
    "carboncalc.reports.compare:CompareReport": Renderer(
        "compare", "compare_record", "compare_table"
    ),
    "carboncalc.reports.credits:CreditsReport": Renderer(
        "credits", "credits_record", "credits_table", "credits_section", "credits_answer"
    ),
    "carboncalc.reports.credits:UncertaintyReport": Renderer(
        "uncertainty", "uncertainty_record", "uncertainty_table", "uncertainty_section"
    ),
    "carboncalc.reports.credits:SensitivityReport": Renderer(
        "uncertainty", "sensitivity_record", "sensitivity_table", "sensitivity_section"
    ),
    "carboncalc.reports.rates:RatesReport": Renderer("rates", "rates_record", "rates_table"),
    "carboncalc.reports.rates:DidReport": Renderer("rates", "did_record", "did_table"),
    "carboncalc.reports.observation:ObserveReport": Renderer(
        "observation", "observation_record", "observation_table"
    ),
    "carboncalc.reports.matching:MatchReport": Renderer("matching", "match_record", "match_table"),
    "carboncalc.reports.evidence:EvidenceReport": Renderer(
        "evidence", "evidence_record", "evidence_table"
    ),
    "carboncalc.reports.ledger:LedgerImport": Renderer("ledger", "ledger_record", "ledger_table"),
}


def key(cls: type) -> str:
    """A class's key in :data:`RENDERERS`."""
    return f"{cls.__module__}:{cls.__qualname__}"


def renderer(result: object, what: str) -> Any:
    """The function that makes ``what`` ("record", "table", "section", "answer") of a result,
    from the
    module of the result's class (or of the nearest base class that has one)."""
    for cls in type(result).__mro__:
        found = RENDERERS.get(key(cls))
        if found is not None and getattr(found, what) is not None:
            module = importlib.import_module(f"carboncalc.render.{found.module}")
            return getattr(module, getattr(found, what))
    raise TypeError(f"no {what} for {type(result).__name__}")


def record(result: object) -> Record:
    """A result as data: its JSON document's own fields and its CSV table."""
    made: Record = renderer(result, "record")(result)
    return made


def answer(result: object) -> list[str]:
    """The lines a result's table starts with, which answer first; none where it has none."""
    try:
        made = renderer(result, "answer")
    except TypeError:  # no answer for this result
        return []
    lines: list[str] = made(result)
    return lines


def show(result: object) -> None:
    """Print a result as tables and text."""
    renderer(result, "table")(result)


def section(result: object, *, charts: bool) -> list[Block]:
    """A result's part of ``carboncalc report``'s document."""
    blocks: list[Block] = renderer(result, "section")(result, charts=charts)
    return blocks
