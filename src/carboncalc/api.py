"""carboncalc from Python: the results the command line prints, as objects.

    import carboncalc
    p = carboncalc.load("alto-mayo", set=["credits.buffer=20%"])
    p.stock().to_dict()             # the JSON document of `carboncalc stock alto-mayo -f json`
    p.emissions().to_frame()        # its rows as a pandas DataFrame (when pandas is installed)
    p.credits(rules="vcs").report   # the result object itself (waterfall, rules, ...)

Each method runs the same code as its command, so a figure here is the command's figure. Bad
input raises :class:`carboncalc.errors.CarboncalcError`, whose ``problems`` say where.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from carboncalc.core.sampling import DEFAULT_SAMPLES

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject


@dataclass(frozen=True)
class Result:
    """One result: ``report`` is the object the command renders."""

    report: Any

    def to_dict(self) -> dict[str, Any]:
        """The JSON document the command prints with ``--format json``."""
        from carboncalc.render.recordkit import envelope
        from carboncalc.render.registry import record

        return envelope(record(self.report))

    def rows(self) -> tuple[list[str], list[list[Any]]]:
        """The command's CSV table: (header, rows)."""
        from carboncalc.render import registry

        record = registry.record(self.report)
        return list(record.header), [list(row) for row in record.rows]

    def to_frame(self) -> Any:
        """The command's CSV table as a pandas DataFrame (``pip install pandas``)."""
        try:
            import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_frame() needs pandas: pip install 'carboncalc[frames]' (or pandas); rows() "
                "gives the same table as plain lists"
            ) from None
        header, rows = self.rows()
        return pd.DataFrame(rows, columns=header)

    def __repr__(self) -> str:
        return f"<carboncalc {type(self.report).__name__}: .to_dict(), .rows(), .to_frame()>"


@dataclass(frozen=True)
class Project:
    """A loaded project file, with its what-ifs applied. Made by :func:`load`."""

    loaded: LoadedProject
    rules: str | None = None  # the rule set chosen at load, if any

    @property
    def name(self) -> str:
        return self.loaded.name

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def inputs(self) -> Any:
        """The resolved inputs the core computes from
        (:class:`carboncalc.core.inputs.ProjectInputs`)."""
        return self.loaded.inputs

    def base_inputs(self) -> Any:
        """For a what-if, the same file without its overrides (whose deduction the credits
        compare with); None when nothing was overridden."""
        base = self.loaded.base_case(self.rules)
        return base.inputs if base is not None else None

    def stock(self) -> Result:
        """As ``carboncalc stock``."""
        from carboncalc.files.factor_editions import factors_for
        from carboncalc.reports.projects import stock_report

        table, edition = factors_for(None, self.loaded.path, self.loaded.inputs.equivalents_factors)
        return Result(stock_report(self.loaded, table=table, factors_version=edition))

    def emissions(
        self,
        *,
        case: Literal["low", "central", "high"] = "central",
        first: int | None = None,
        last: int | None = None,
    ) -> Result:
        """As ``carboncalc emissions`` (``--case``, ``--from``, ``--to``)."""
        from carboncalc.reports.projects import emissions_report

        return Result(emissions_report(self.loaded, first=first, last=last, case=case))

    def equivalents(self) -> Result:
        """As ``carboncalc equivalents``."""
        from carboncalc.files.factor_editions import factors_for
        from carboncalc.reports.projects import equivalents_report

        table, edition = factors_for(None, self.loaded.path, self.loaded.inputs.equivalents_factors)
        return Result(equivalents_report(self.loaded, table=table, edition=edition))

    def credits(
        self,
        *,
        baseline: Literal["project", "counterfactual"] = "project",
        samples: int = DEFAULT_SAMPLES,
        seed: int = 0,
        vintages: Literal["projection", "calendar", "monitoring"] = "projection",
        ledger: bool = False,
    ) -> Result:
        """As ``carboncalc credits`` (the rule set is chosen at :func:`load`)."""
        from carboncalc.reports.credits import credits_report

        _enough(samples)
        report = credits_report(
            self.loaded,
            baseline=baseline,
            samples=samples,
            seed=seed,
            vintages=vintages,
            ledger=ledger,
            base=self.base_inputs(),
        )
        return Result(report)

    def uncertainty(
        self,
        samples: int = DEFAULT_SAMPLES,
        seed: int = 0,
        *,
        baseline: Literal["project", "counterfactual"] = "project",
    ) -> Result:
        """As ``carboncalc uncertainty`` (``--baseline``)."""
        from carboncalc.reports.credits import uncertainty_report

        _enough(samples)
        return Result(
            uncertainty_report(self.loaded, samples=samples, seed=seed, baseline=baseline)
        )

    def sensitivity(
        self, *, pct: float | None = None, samples: int = DEFAULT_SAMPLES, seed: int = 0
    ) -> Result:
        """As ``carboncalc sensitivity``."""
        from carboncalc.reports.credits import sensitivity_report

        _enough(samples)
        return Result(sensitivity_report(self.loaded, pct=pct, samples=samples, seed=seed))

    def check(self) -> Result:
        """As ``carboncalc check``: every published claim recomputed."""
        from carboncalc.files.factor_editions import load_factor_table
        from carboncalc.reports.check import check_report, check_result

        return Result(check_report([check_result(self.loaded, table=load_factor_table())]))

    def __repr__(self) -> str:
        return f"<carboncalc project {self.name!r} from {self.path}>"


def load(
    project: str | Path,
    *,
    set: list[str] | None = None,
    scenario: str | None = None,
    rules: str | None = None,
    projects_dir: str | Path | None = None,
) -> Project:
    """A project by name or path, with a scenario and ``--set`` what-ifs applied, as the
    command line finds and validates it."""
    from carboncalc.files.loading import load_project

    folder = Path(projects_dir) if projects_dir is not None else None
    loaded = load_project(
        str(project), projects_dir=folder, sets=set, scenario=scenario, rules=rules
    )
    return Project(loaded, rules)


def _enough(samples: int) -> None:
    """``samples`` as ``--samples`` takes it: from 100 (see carboncalc.core.sampling)."""
    from carboncalc.core.sampling import MIN_SAMPLES

    if samples < MIN_SAMPLES:
        raise ValueError(
            f"samples={samples}: at least {MIN_SAMPLES}, so that the 90 % interval's ends have "
            "draws beyond them"
        )
