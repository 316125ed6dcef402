"""Results as records: the JSON document and the CSV rows of each result, from one function.

Every JSON document has the same envelope, built in :func:`envelope`: the carboncalc version, the
output's schema version and the command, then for a command about one project its name and
file, then the result's own fields, then the scenario and overrides that made it. JSON keeps
exact values. JSON is written with the ``json`` module straight to stdout (never through rich,
which wraps when piped), always valid: a non-finite number is refused with its place.

CSV has one header row, a ``project`` column first for a result about one project, and the
result's rows. Rounding rule: numbers are written to 12 significant digits (``68.15``, not
``68.14999999999999``), which a spreadsheet reads cleanly and which is far finer than any input;
``--format csv-full`` writes every float's shortest exact form.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import singledispatch
from typing import TYPE_CHECKING, Any

from carboncalc import __version__
from carboncalc.errors import ComputationError
from carboncalc.render.csvsafe import csv_cell, csv_writer
from carboncalc.render.numbers import tonnes
from carboncalc.reports.check import CheckReport
from carboncalc.reports.compare import CompareReport, CompareRow, mixed_periods
from carboncalc.reports.projects import (
    EmissionsReport,
    EquivalentsReport,
    ProjectList,
    ShowReport,
    StockReport,
)

if TYPE_CHECKING:
    from carboncalc.core.claims import ClaimCheck
    from carboncalc.core.credits import Waterfall
    from carboncalc.core.inputs import RuleSet
    from carboncalc.core.uncertainty import Summary
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.check import CheckResult
    from carboncalc.reports.credits import (
        CreditsReport,
        SensitivityReport,
        UncertaintyReport,
    )
    from carboncalc.reports.rates import DidReport, RatesReport


@dataclass(frozen=True)
class Record:
    """A result as data: the JSON document's own fields and the CSV table."""

    command: str
    loaded: LoadedProject | None  # the project the result is about, if it is about one
    body: dict[str, Any]
    header: Sequence[str] = ()
    rows: Sequence[Sequence[Any]] = field(default_factory=list)


# The version of the JSON and CSV output's layout: raised when a field is renamed, removed or
# changes its meaning (adding a field does not raise it).
SCHEMA_VERSION = 2
CSV_DIGITS = 12


def envelope(record: Record) -> dict[str, Any]:
    """The JSON document of a record (see the module notes for its order)."""
    doc: dict[str, Any] = {
        "carboncalc_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "command": record.command,
    }
    loaded = record.loaded
    if loaded is not None:
        doc.update(project=loaded.name, name=loaded.title, file=str(loaded.path))
    doc.update(record.body)
    if loaded is not None:
        doc.update(scenario=loaded.scenario, overrides=overrides(loaded))
    return doc


def write_json(record: Record) -> None:
    sys.stdout.write(json_text(envelope(record)) + "\n")


def write_csv(record: Record, *, digits: int | None = CSV_DIGITS) -> None:
    """The record's table as CSV (see the module notes); ``digits=None``: exact floats."""
    writer, loaded = csv_writer(), record.loaded
    project = [] if loaded is None or "project" in record.header else [csv_cell(loaded.name, 0)]
    writer.writerow(csv_cells((), [*(["project"] if project else []), *record.header], 0))
    for row in record.rows:
        writer.writerow([*project, *csv_cells(record.header, row, digits)])


def csv_cells(header: Sequence[str], row: Sequence[Any], digits: int | None) -> list[Any]:
    """A CSV row's cells, floats rounded to ``digits`` significant digits (None: exact), text
    safe to open in a spreadsheet; a result that is not a finite number refused with its column."""
    for name, value in zip(header, row, strict=False):
        if isinstance(value, float) and not math.isfinite(value):
            raise ComputationError(
                f"the result `{name}` is not a finite number ({value}); the inputs are at "
                "the edge of their ranges (see `carboncalc show`)"
            )
    return [csv_cell(v, digits) for v in row]  # text neutralised: see render.csvsafe


def json_text(payload: Any) -> str:
    """Always valid JSON: non-ASCII text escaped where stdout cannot hold it, and a result that
    is not a finite number refused with its place in the output, never written as NaN."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    ascii_only = not encoding.startswith("utf")
    try:
        return json.dumps(payload, indent=2, ensure_ascii=ascii_only, allow_nan=False)
    except ValueError:
        raise ComputationError(
            f"the result {_non_finite(payload)} is not a finite number; the inputs are at the "
            "edge of their ranges (see `carboncalc show`)"
        ) from None


def _non_finite(node: Any, where: str = "") -> str | None:
    """The JSON path of the first value that is NaN or infinite."""
    if isinstance(node, float) and not math.isfinite(node):
        return f"`{where}` ({node})"
    items: Iterable[tuple[Any, Any]] = ()
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list | tuple):
        items = enumerate(node)
    for key, value in items:
        found = _non_finite(value, f"{where}.{key}" if where else str(key))
        if found:
            return found
    return None


# --- pieces that several records share ------------------------------------------------------------


def overrides(loaded: LoadedProject) -> list[dict[str, Any]]:
    return [
        {"field": o.field, "value": o.value, "unit": o.unit, "set": o.text, "spread": o.how}
        for o in loaded.overrides
    ]


def claims(checks: Iterable[ClaimCheck]) -> list[dict[str, Any]]:
    return [
        {
            "claim": c.claim_id,
            "measure": c.measure,
            "case": c.case,
            "claimed": c.claimed,
            "derived": c.derived,
            "unit": c.unit,
            "difference_pct": c.difference_pct,
            "tolerance_pct": c.tolerance_pct,
            "verdict": c.verdict,
            "how": c.how,
            "implied": [{"what": i.what, "value": i.value, "unit": i.unit} for i in c.implied],
            "assumptions": list(c.assumptions),
        }
        for c in checks
    ]


def summary(s: Summary | None) -> dict[str, float | None] | None:
    if s is None:
        return None
    return {"mean": s.mean, "median": s.median, "p5": s.p5, "p95": s.p95,
            "half_width_pct": s.half_width_pct}  # fmt: skip


WATERFALL_FIELDS = ["gross_tco2e", "eligible_tco2e", "leakage_tco2e", "uncertainty_tco2e",
                    "net_tco2e", "buffer_tco2e", "credits_exact_tco2e"]  # fmt: skip
# the buffer account and what is carried forward, per vintage: flows, then balances after it
ACCOUNT_FLOWS = ["reversal_tco2e", "buffer_cancelled_tco2e"]
ACCOUNT_BALANCES = ["buffer_balance_tco2e", "shortfall_tco2e", "unbacked_tco2e"]
VINTAGE_FIELDS = [*WATERFALL_FIELDS, *ACCOUNT_FLOWS, *ACCOUNT_BALANCES]


def waterfall(w: Waterfall) -> dict[str, Any]:
    flows = [f for f in (*WATERFALL_FIELDS, *ACCOUNT_FLOWS) if f != "credits_exact_tco2e"]
    return {
        "vintages": [
            {"vintage": v.year, "label": v.name, **{f: getattr(v, f) for f in VINTAGE_FIELDS},
             "credits": v.credits}
            for v in w.vintages
        ],
        "totals": {
            **{f: w.total(f) for f in flows},
            "issued_exact_tco2e": w.total("credits_exact_tco2e"),
            "issued": w.issued,
            **{f: getattr(w, f) for f in ACCOUNT_BALANCES},
            "unbacked_credits": w.unbacked_credits,
            "credits_exact_tco2e": w.credits_exact_tco2e,
            "credits": w.credits,
        },
    }  # fmt: skip


def rule_set(r: RuleSet) -> dict[str, Any]:
    """A credit rule set: its name, and each rule with its source."""
    return {
        "name": r.name,
        "label": r.label,
        "uncertainty": {"rule": r.uncertainty_rule, "threshold_pct": r.threshold_pct,
                        "base": r.uncertainty_base, "source": r.uncertainty_source},
        "buffer": {"base": r.buffer_base, "source": r.buffer_source},
        **{what.replace(" ", "_"): {"rule": rule, "source": source}
           for what, rule, source in r.other_rules},
    }  # fmt: skip


def compare_deduction_note(report: CompareReport) -> str | None:
    """For scenarios and sweep steps: the rows whose uncertainty deduction is not the base's."""
    differ = report.deduction_differs
    if not differ:
        return None
    rows = ", ".join(f"{r.label} ({r.uncertainty_pct:.4g} %)" for r in differ)
    return (
        f"The uncertainty deduction differs from the base case's "
        f"{report.base_uncertainty_pct:.4g} % in: {rows}; part of the change in credits there "
        "is the deduction's, not the input's own."
    )


def deduction_note(report: CreditsReport) -> str | None:
    """For a what-if: whether its uncertainty deduction is the base case's."""
    base = report.base_uncertainty_pct
    if base is None:
        return None
    if report.deduction_differs:
        return (
            f"This what-if's uncertainty deduction, {report.uncertainty.pct:.4g} %, differs "
            f"from the base case's {base:.4g} % (the file without --set or --scenario): part "
            "of the change in credits is the deduction's, not the input's own."
        )
    return f"Same uncertainty deduction as the base case ({base:.4g} %)."


def ledger_verdict(report: CreditsReport) -> str:
    """What the ledger check found, in words."""
    check = report.ledger
    assert check is not None
    against = "the counterfactual" if report.baseline == "counterfactual" else (
        "the project's baseline")  # fmt: skip
    if check.holds:
        return (
            f"The ledger HOLDS: {check.issued:,} credits issued, none beyond the "
            f"{check.computed:,} computed against {against}."
        )
    share = check.buffer_share_needed
    held = tonnes(check.buffer_balance_tco2e)
    buffer = (
        f"making them good would take {share * 100:.1f} % of the {held} t the project's buffer "
        "holds by the ledger's last vintage" + (" (more than it holds)" if share > 1 else "")
        if share is not None else "the project deposited no buffer to make them good"
    )  # fmt: skip
    return (
        f"The ledger FAILS: {check.excess:,} of the {check.issued:,} credits issued are beyond "
        f"what the computation supports against {against}; {buffer}."
    )


def account_notes(w: Waterfall) -> list[str]:
    """What the buffer account and the carrying forward of negative vintages did, in words."""
    notes = []
    if not any(v.reversal_tco2e or v.shortfall_tco2e for v in w.vintages):
        notes.append(
            f"Buffer account: {tonnes(w.buffer_balance_tco2e)} t deposited; no loss after "
            "issuance, so no buffer credit was cancelled."
        )
    carried = [v for v in w.vintages if v.carried_tco2e > 0]
    if carried:
        years = f"{carried[0].year}" if len(carried) == 1 else (
            f"{carried[0].year}-{carried[-1].year}")  # fmt: skip
        notes.append(
            f"Negative avoided emissions in {years} were carried forward: later vintages "
            "first make good the shortfall, and only what lies above it earns credits."
        )
    lost = [v for v in w.vintages if v.reversal_tco2e > 0]
    if lost:
        years = f"{lost[0].year}" if len(lost) == 1 else f"{lost[0].year}-{lost[-1].year}"
        notes.append(
            f"Loss after issuance in {years}: {tonnes(w.total('reversal_tco2e'))} t already "
            f"credited were lost; {tonnes(w.total('buffer_cancelled_tco2e'))} t of buffer "
            "credits were cancelled for it."
        )
    if w.unbacked_credits:
        notes.append(
            f"{tonnes(w.unbacked_tco2e)} t of the loss exceed the project's buffer balance and "
            f"were not made good: {w.unbacked_credits:,} of the {w.issued:,} credits issued are "
            "no longer backed by the project's tonnes (a pooled buffer covers them from other "
            f"projects), so the project's credits are {w.credits:,}."
        )
    if w.shortfall_tco2e > 0:
        notes.append(
            f"At the end, {tonnes(w.shortfall_tco2e)} t remain to be made good before any "
            "new credit."
        )
    return notes


# --- one record per result -------------------------------------------------------------------


@singledispatch
def record(result: object) -> Record:
    if _register_later(type(result).__module__):
        return record(result)
    raise TypeError(f"no record for {type(result).__name__}")


_LATER: dict[str, Callable[[], None]] = {}  # module of report types -> registers their records


def _register_later(module: str) -> bool:
    """Register the records of a module's report types on first use, so that a command that
    does not make them (stock, check) does not import that module at start-up. True when it
    registered something."""
    register = _LATER.pop(module, None)
    if register is None:
        return False
    register()
    return True


def _credit_records() -> None:
    from carboncalc.reports.credits import (
        CreditsReport,
        SensitivityReport,
        UncertaintyReport,
    )

    record.register(CreditsReport, _credits_record)
    record.register(UncertaintyReport, _uncertainty_record)
    record.register(SensitivityReport, _sensitivity_record)


def _rate_records() -> None:
    from carboncalc.reports.rates import DidReport, RatesReport

    record.register(RatesReport, _rates_record)
    record.register(DidReport, _did_record)


def _evidence_output() -> None:
    from carboncalc.render import evidence  # noqa: F401 - registers its record and table


_LATER.update({"carboncalc.reports.credits": _credit_records,
               "carboncalc.reports.rates": _rate_records,
               "carboncalc.reports.evidence": _evidence_output})  # fmt: skip


LIST_KEYS = ["project", "name", "countries", "area_ha", "stock_tc", "stock_tco2", "file", "error"]


@record.register
def _(result: ProjectList) -> Record:
    rows = [[r.get(k, "") for k in LIST_KEYS] for r in result.rows]
    return Record("list", None, {"projects": list(result.rows)}, LIST_KEYS, rows)


INPUT_KEYS = ["field", "value", "unit", "source", "assumption", "note"]


@record.register
def _(result: ShowReport) -> Record:
    from carboncalc.render.inputs import input_rows

    loaded = result.loaded
    d = loaded.inputs.deforestation
    body = {
        "inputs": loaded.project.model_dump(mode="json", exclude_none=True),
        # a counterfactual the file does not give, from the evidence set by its registry id
        "evidence_counterfactual": d.counterfactual_source if d is not None else None,
    }
    rows = [
        [r.field, r.value, r.unit, r.source, r.assumption, r.note]
        for r in input_rows(loaded.project)
    ]
    return Record("show", loaded, body, INPUT_KEYS, rows)


STOCK_KEYS = ["pool", "density_tc_per_ha", "density_tco2_per_ha", "stock_tc", "stock_tco2"]


@record.register
def _(result: StockReport) -> Record:
    s = result.stock
    pools = [
        {
            "pool": ps.pool,
            "density_tc_per_ha": ps.density_tc_per_ha,
            "density_tco2_per_ha": ps.density_tco2_per_ha,
            "stock_tc": ps.stock_tc,
            "stock_tco2": ps.stock_tco2,
            "how": ps.how,
        }
        for ps in s.pools
    ]
    total = {
        "density_tc_per_ha": s.density_tc_per_ha,
        "density_tco2_per_ha": s.density_tco2_per_ha,
        "stock_tc": s.stock_tc,
        "stock_tco2": s.stock_tco2,
    }
    body = {
        "area_ha": result.area_ha,
        "forest_ha": s.area_ha,
        "pools": pools,
        "total": total,
        "fossil_reserves": [
            {
                "description": f.description,
                "kind": f.kind,
                "quantity": f.quantity,
                "unit": f.unit,
                "factor_tco2_per_unit": f.factor_tco2_per_unit,
                "factor_from": f.factor_from,
                "tco2": f.tco2,
                "barrel_tco2_per_bbl": f.barrel_tco2_per_bbl,
                "barrels_oil": f.barrels_oil,
            }
            for f in result.fossil
        ],
        "factors_version": result.factors_version,
        "claims": claims(result.claims),
    }
    rows = [[p[k] for k in STOCK_KEYS] for p in pools]
    rows.append(["total", *(total[k] for k in STOCK_KEYS[1:])])
    return Record("stock", result.loaded, body, STOCK_KEYS, rows)


YEAR_FIELDS = [
    "baseline_cleared_ha", "project_cleared_ha", "baseline_forest_ha", "project_forest_ha",
    "baseline_emissions_tco2e", "project_emissions_tco2e", "avoided_emissions_tco2e",
    "baseline_delayed_tco2e", "project_delayed_tco2e", "baseline_non_co2_tco2e",
    "project_non_co2_tco2e",
]  # fmt: skip


def years(result: EmissionsReport) -> list[dict[str, Any]]:
    """Each projection year's figures, with the running total of avoided emissions."""
    res = result.result
    return [
        {"year": r.year, **{f: getattr(r, f) for f in YEAR_FIELDS}, "cumulative_avoided_tco2e": c,
         "baseline_data": "observed" if r.baseline_observed else "projected",
         "project_data": "observed" if r.project_observed else "projected"}
        for r, c in zip(res.rows, res.cumulative_avoided_tco2e(), strict=True)
    ]  # fmt: skip


def burning_how(result: EmissionsReport) -> str | None:
    """The sources of the burning's factors and GWPs, where the file burns biomass."""
    d = result.loaded.inputs.deforestation
    return d.burning.how if d is not None and d.burning is not None else None


def emission_totals(result: EmissionsReport) -> dict[str, float]:
    return {f: result.result.total(f) for f in YEAR_FIELDS if "forest" not in f}


@record.register
def _(result: EmissionsReport) -> Record:
    res = result.result
    rows = years(result)
    body = {
        "case": result.case,
        "first_year": res.first_year,
        "last_year": res.last_year,
        "emission_factor_tco2e_per_ha": res.ef_tco2e_per_ha,
        "emitted_at_once_tco2e_per_ha": res.ef_at_once_tco2e_per_ha,
        "non_co2_tco2e_per_ha": res.non_co2_tco2e_per_ha,
        "burning": burning_how(result),
        "emitted_over_years": [
            {"tco2e_per_ha": d.tco2e_per_ha, "years": d.years} for d in res.decays
        ],
        "years": rows,
        "totals": emission_totals(result),
        "cases": {
            case: {
                "avoided_emissions_tco2e": e.avoided_emissions_tco2e,
                "mean_avoided_emissions_tco2e_per_yr": e.mean_avoided_emissions_tco2e_per_yr,
                "emission_factor_tco2e_per_ha": e.ef_tco2e_per_ha,
            }
            for case, e in result.totals_by_case.items()
        },
        "claims": claims(result.claims),
    }
    header = ["year", *YEAR_FIELDS, "cumulative_avoided_tco2e", "baseline_data", "project_data"]
    return Record("emissions", result.loaded, body, header, [list(y.values()) for y in rows])


@record.register
def _(result: EquivalentsReport) -> Record:
    rows = [
        {
            "basis": basis.what,
            "tco2e": basis.tco2e,
            "years": basis.years,
            "factors_version": eqs.version_id,
            "equivalent": item.key,
            "label": item.label,
            "factor": item.factor,
            "factor_unit": item.factor_unit,
            "per_yr": item.per_yr,
            "count": item.count,
        }
        for basis, eqs in result.rows
        for item in eqs.items
    ]
    body: dict[str, Any] = {}
    if result.rows:
        version = result.rows[0][1]
        body.update(
            factors_version=version.version_id,
            factors_label=version.version.label,
            factors_source=version.version.source.as_dict(),
        )
    body.update(
        equivalents=rows,
        claims=claims(result.claims),
        claims_at_current_factors=claims(result.claims_current),
    )
    keys = list(rows[0]) if rows else ["basis"]
    return Record("equivalents", result.loaded, body, keys, [[r[k] for k in keys] for r in rows])


CHECK_KEYS = ["claim", "case", "claimed", "derived", "unit", "difference_pct", "tolerance_pct",
              "verdict"]  # fmt: skip


@record.register
def _(result: CheckReport) -> Record:
    body = {
        "projects": [check_project(r) for r in result.results],
        "summary": result.summary(),
        "exit_code": result.exit_code,
    }
    rows = [row for r in result.results for row in check_rows(r)]
    return Record("check", None, body, ["project", *CHECK_KEYS], rows)


def check_project(r: CheckResult) -> dict[str, Any]:
    """One file's part of ``check``'s JSON document."""
    c = r.counterfactual
    beside = None if c is None else {
        "source": c.source, "first_year": c.first_year, "last_year": c.last_year,
        "baseline_avoided_tco2e": c.baseline_avoided_tco2e,
        "counterfactual_avoided_tco2e": c.counterfactual_avoided_tco2e, "ratio": c.ratio,
    }  # fmt: skip
    return {"project": r.project, "file": r.file, "valid": not r.problems,
            "problems": list(r.problems), "claims": claims(r.claims),
            "counterfactual": beside}  # fmt: skip


def check_rows(r: CheckResult) -> list[list[Any]]:
    """One file's rows of ``check``'s CSV table."""
    return [[r.project, *(c[k] for k in CHECK_KEYS)] for c in claims(r.claims)]


class ListStream:
    """A command's JSON document whose one list is written item by item as results come (and
    the same as CSV rows), byte for byte what the whole record would give, holding none of
    them: ``check`` and ``compare`` over a folder of 100,000 files."""

    def __init__(self, fmt: str, command: str, list_key: str, header: list[str]) -> None:
        self.fmt, self.header, self.count = fmt, header, 0
        if fmt == "json":
            head = json_text({"carboncalc_version": __version__, "schema_version": SCHEMA_VERSION,
                              "command": command})  # fmt: skip
            sys.stdout.write(head[: head.rindex("\n")] + f',\n  "{list_key}": [')
        else:
            self.digits = None if fmt == "csv-full" else CSV_DIGITS
            self.writer = csv_writer()
            self.writer.writerow(csv_cells((), header, 0))

    def add(self, item: dict[str, Any], rows: Iterable[Sequence[Any]]) -> None:
        """One item of the list (JSON), or its rows (CSV)."""
        if self.fmt == "json":
            text = json_text(item).replace("\n", "\n    ")
            sys.stdout.write(("," if self.count else "") + "\n    " + text)
        else:
            for row in rows:
                self.writer.writerow(csv_cells(self.header, row, self.digits))
        self.count += 1

    def close(self, tail: dict[str, Any], rows: Iterable[Sequence[Any]] = ()) -> None:
        """The document's fields after the list (JSON), or the last rows (CSV)."""
        if self.fmt == "json":
            text = json_text(tail)
            sys.stdout.write(("\n  ]" if self.count else "]") + "," + text[1:] + "\n")
        else:
            for row in rows:
                self.writer.writerow(csv_cells(self.header, row, self.digits))


def _credits_record(result: CreditsReport) -> Record:
    w = result.waterfall
    body: dict[str, Any] = {
        "baseline": result.baseline,
        "vintage_kind": result.vintages,
        "rule_set": rule_set(result.rule_set),
        "rules": {
            name: {
                "pct": rule.pct,
                "how": rule.how,
                **(
                    {"base_case_pct": result.base_uncertainty_pct}
                    if name == "uncertainty" and result.base_uncertainty_pct is not None
                    else {}
                ),
            }
            for name, rule in (
                ("leakage", result.leakage),
                ("uncertainty", result.uncertainty),
                ("buffer", result.buffer),
            )
        },
        **waterfall(w),
        "counterfactual": None,
        "revenue": [
            {
                "case": r.case,
                "price_usd_per_tco2e": r.price_usd_per_tco2e,
                "revenue_usd": r.revenue_usd,
                "present_value_usd": r.present_value_usd,
                "by_vintage_usd": [{"vintage": y, "usd": usd} for y, usd in r.by_vintage_usd],
            }
            for r in result.revenue
        ],
    }
    if result.ledger is not None:
        check = result.ledger
        body["ledger"] = {
            "holds": check.holds,
            "issued": check.issued,
            "retired": check.retired,
            "computed": check.computed,
            "excess": check.excess,
            "buffer_balance_tco2e": check.buffer_balance_tco2e,
            "buffer_share_needed": check.buffer_share_needed,
            "vintages": [
                {"vintage": r.line.vintage, "issued": r.line.issued, "retired": r.line.retired,
                 "cancelled": r.line.cancelled, "active": r.line.active,
                 "computed": r.computed, "excess": r.excess}
                for r in check.rows
            ],
        }  # fmt: skip
    if result.claimed is not None and result.supported is not None:
        d = result.loaded.inputs.deforestation
        body["counterfactual"] = {
            "claimed_credits": result.claimed.credits,
            "supported_credits": result.supported.credits,
            "over_crediting_ratio": result.over_crediting_ratio,
            # where it comes from when not the file: the evidence set (None: the file's own)
            "source": d.counterfactual_source if d is not None else None,
        }
    header = ["vintage", "label", *VINTAGE_FIELDS, "credits"]
    rows = [[v.year, v.name, *(getattr(v, f) for f in VINTAGE_FIELDS), v.credits]
            for v in w.vintages]  # fmt: skip
    return Record("credits", result.loaded, body, header, rows)


MONTE_CARLO_ROWS = [("stock_tco2", "stock t CO2"), ("avoided_tco2e", "avoided t CO2e"),
                    ("credits_exact_tco2e", "credits t CO2e")]  # fmt: skip


def _uncertainty_record(result: UncertaintyReport) -> Record:
    mc = result.monte_carlo
    found = [(key, getattr(mc, key)) for key, _ in MONTE_CARLO_ROWS]
    rules = result.rule_set
    body = {
        "samples": mc.samples,
        "seed": mc.seed,
        "rule_set": None if rules is None else rule_set(rules),
        "uncertain_inputs": list(mc.inputs),
        **{key: summary(s) for key, s in found},
    }
    header = ["quantity", "mean", "median", "p5", "p95", "half_width_pct"]
    rows = [
        [key, s.mean, s.median, s.p5, s.p95, s.half_width_pct] for key, s in found if s is not None
    ]
    return Record("uncertainty", result.loaded, body, header, rows)


COMPARE_KEYS = ["label", "first_year", "last_year", "area_ha", "forest_ha", "stock_tco2",
                "avoided_tco2e", "credits", "avoided_tco2e_per_yr", "avoided_tco2e_per_ha_per_yr",
                "credits_per_yr", "vehicles_per_yr", "uncertainty_pct", "rule_set"]  # fmt: skip


@record.register
def _(result: CompareReport) -> Record:
    total = result.total
    body = {
        "rows": [compare_fields(r) for r in result.rows],
        **compare_tail(total, result.base_uncertainty_pct, mixed_periods(result.rows)),
    }
    every = [*result.rows, *([total] if total is not None else [])]
    rows = [[getattr(r, k) for k in COMPARE_KEYS] for r in every]
    return Record("compare", None, body, COMPARE_KEYS, rows)


def compare_fields(row: CompareRow) -> dict[str, Any]:
    return {k: getattr(row, k) for k in COMPARE_KEYS}


def compare_tail(total: CompareRow | None, base_pct: float | None, mixed: bool) -> dict[str, Any]:
    """``compare``'s fields after its rows."""
    return {"total": None if total is None else compare_fields(total),
            "base_uncertainty_pct": base_pct, "mixed_periods": mixed}  # fmt: skip


SWING_KEYS = ["input", "low_value", "high_value", "avoided_low_tco2e", "avoided_high_tco2e",
              "credits_low", "credits_high"]  # fmt: skip


def _sensitivity_record(result: SensitivityReport) -> Record:
    t = result.tornado
    body = {
        "pct": t.pct,
        "rule_set": None if result.rule_set is None else rule_set(result.rule_set),
        "base": {"avoided_tco2e": t.base_avoided_tco2e, "credits": t.base_credits},
        "inputs": [
            {
                "input": s.input,
                "low_value": s.low_value,
                "high_value": s.high_value,
                "avoided_low_tco2e": s.avoided_low_tco2e,
                "avoided_high_tco2e": s.avoided_high_tco2e,
                "avoided_swing_tco2e": s.avoided_swing_tco2e,
                "credits_low": s.credits_low,
                "credits_high": s.credits_high,
                "credits_swing": s.credits_swing,
            }
            for s in t.swings
        ],
    }
    rows = [[getattr(s, k) for k in SWING_KEYS] for s in t.swings]
    return Record("sensitivity", result.loaded, body, SWING_KEYS, rows)


RATE_KEYS = ["from", "to", "years", "area_from_ha", "area_to_ha", "fao_q", "puyravaud_r",
             "linear", "ha_per_yr"]  # fmt: skip


def _rates_record(result: RatesReport) -> Record:
    """Rates as fractions per year (FAO q, Puyravaud r, linear) and ha/yr; negative: loss."""
    rows = [
        [i.start.text, i.end.text, i.change.years, i.change.area_from_ha, i.change.area_to_ha,
         i.change.fao_q, i.change.puyravaud_r, i.change.linear, i.change.ha_per_yr]
        for i in result.intervals
    ]  # fmt: skip
    body = {
        "unit": "fraction per year (negative: forest lost); ha_per_yr in ha/yr",
        "intervals": [dict(zip(RATE_KEYS, row, strict=True)) for row in rows],
    }
    return Record("rates", None, body, RATE_KEYS, rows)


def _did_record(result: DidReport) -> Record:
    d = result.did
    body = {
        "unit": result.unit,
        "project_before": d.project_before, "project_after": d.project_after,
        "control_before": d.control_before, "control_after": d.control_after,
        "project_change": d.project_change, "control_change": d.control_change,
        "did": d.did, "area_ha": result.area_ha, "years": result.years,
        "effect_ha": result.effect_ha,
    }  # fmt: skip
    header = list(body)
    return Record("did", None, body, header, [list(body.values())])
