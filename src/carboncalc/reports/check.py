"""``check``: every published claim of a file recomputed, with its verdict, the tally over many
files and the exit code it gives. Plain result objects for the renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from carboncalc.core import pipeline
from carboncalc.core.claimrange import Ranges, ranges
from carboncalc.core.claims import ClaimCheck, check_claims
from carboncalc.core.inputs import FactorTable, ProjectInputs
from carboncalc.core.sampling import DEFAULT_SAMPLES, Summary
from carboncalc.errors import CarboncalcError, Problem

if TYPE_CHECKING:  # credit reports and loading are imported where used: not by stock
    from carboncalc.files.loading import LoadedProject
    from carboncalc.files.placeholders import Placeholder


@dataclass(frozen=True)
class CheckResult:
    """``carboncalc check`` for one file: its problems, or every claim with its verdict."""

    project: str  # the project's name as carboncalc addresses it: the file's stem
    file: str
    problems: tuple[Problem, ...] = ()
    claims: tuple[ClaimCheck, ...] = ()
    counterfactual: Counterfactual | None = None
    # values still as `carboncalc new` wrote them: a draft, which does not pass
    placeholders: tuple[Placeholder, ...] = ()

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.claims if c.verdict == verdict)

    @property
    def expected_fails(self) -> int:
        """Claims that fail as their file expects (``expect: {verdict: fails}``)."""
        return sum(1 for c in self.claims if c.expected)

    @property
    def unexpected_holds(self) -> int:
        """Claims whose file expects them to fail, that hold."""
        return sum(1 for c in self.claims if c.unexpected_pass)


def invalid_result(ref: str, error: CarboncalcError, path: str | None = None) -> CheckResult:
    """``check`` of a file that could not be loaded or computed: its problems. ``path``: the
    file, where it was found (else the first problem's file, else ``ref`` itself)."""
    file = path or next((p.path for p in error.problems if p.path), None) or ref
    return CheckResult(project=project_name(ref, file), file=file, problems=tuple(error.problems))


def project_name(ref: str, file: str) -> str:
    """The name carboncalc addresses a project by: the stem of its file (``projects/
    alto-mayo.yaml``: alto-mayo); ``ref`` itself where it names no YAML file."""
    from pathlib import PurePath

    for text in (ref, file):
        name = PurePath(text)
        if name.suffix.lower() in (".yaml", ".yml"):
            return name.stem
    return ref


@dataclass(frozen=True)
class Counterfactual:
    """The claimed baseline beside the counterfactual (matched controls): avoided emissions
    over the accounting period against each, before any deduction."""

    source: str | None  # where the counterfactual comes from, where not the file (evidence)
    baseline_avoided_tco2e: float
    counterfactual_avoided_tco2e: float
    first_year: int
    last_year: int
    # the counterfactual's avoided emissions over a Monte Carlo that draws its uncertain rate
    # too (None: nothing uncertain): the central figure alone can sit at an end of its range
    interval: Summary | None = None

    @property
    def ratio(self) -> float | None:
        """Avoided emissions against the claimed baseline / against the counterfactual; None
        where the counterfactual supports none."""
        if self.counterfactual_avoided_tco2e <= 0:
            return None
        return self.baseline_avoided_tco2e / self.counterfactual_avoided_tco2e


def counterfactual(inputs: ProjectInputs) -> Counterfactual | None:
    """For a project with a counterfactual (its file's, or the evidence set's)."""
    d = inputs.deforestation
    if d is None or d.counterfactual is None or not inputs.has_emissions:
        return None
    claimed = pipeline.emissions(inputs)
    supported = pipeline.emissions(inputs, counterfactual=True)
    return Counterfactual(
        source=d.counterfactual_source,
        baseline_avoided_tco2e=claimed.avoided_emissions_tco2e,
        counterfactual_avoided_tco2e=supported.avoided_emissions_tco2e,
        first_year=claimed.first_year,
        last_year=claimed.last_year,
    )


# what runs the Monte Carlo of the claims and the counterfactual: claimrange.ranges, or a
# caller's stand-in that keeps results (the same figures, to the bit)
RangesRunner = Callable[..., Ranges]


def check_result(
    loaded: LoadedProject,
    *,
    table: FactorTable,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    runner: RangesRunner = ranges,
) -> CheckResult:
    """Every claim with its verdict and, where the project's uncertain inputs move it, the 90 %
    interval of carboncalc's figure (a Monte Carlo of ``samples`` draws from ``seed``)."""
    checks = check_claims(loaded.inputs, table=table)
    beside = counterfactual(loaded.inputs)
    spread = runner(loaded.inputs, checks, samples=samples, seed=seed,
                    counterfactual=beside is not None)  # fmt: skip
    if beside is not None:
        beside = replace(beside, interval=spread.counterfactual_tco2e)
    return CheckResult(
        project=loaded.name,
        file=str(loaded.path),
        claims=spread.checks,
        counterfactual=beside,
        placeholders=loaded.placeholders,
    )


@dataclass(frozen=True)
class CheckReport:
    """``carboncalc check`` over every file, with the exit code its verdicts give."""

    results: tuple[CheckResult, ...]
    exit_code: int

    def summary(self) -> dict[str, int]:
        return tally(self.results).summary()


def check_report(results: list[CheckResult]) -> CheckReport:
    return CheckReport(tuple(results), check_exit_code(results))


@dataclass
class CheckTally:
    """The summary and exit code of ``check``, kept as results stream past (so that a folder of
    100,000 files is checked without holding every result)."""

    holds: int = 0
    fails: int = 0
    unchecked: int = 0
    expected_fails: int = 0  # of `fails`: claims that fail as their file expects
    unexpected_holds: int = 0  # of `holds`: claims expected to fail, that hold
    invalid_files: int = 0
    placeholders: int = 0
    draft_files: int = 0  # files with a placeholder

    def add(self, r: CheckResult) -> None:
        self.holds += r.count("holds")
        self.fails += r.count("fails")
        self.unchecked += r.count("unchecked")
        self.expected_fails += r.expected_fails
        self.unexpected_holds += r.unexpected_holds
        self.invalid_files += 1 if r.problems else 0
        self.placeholders += len(r.placeholders)
        self.draft_files += 1 if r.placeholders else 0

    def summary(self) -> dict[str, int]:
        return {"holds": self.holds, "fails": self.fails, "unchecked": self.unchecked,
                "expected_fails": self.expected_fails, "unexpected_holds": self.unexpected_holds,
                "invalid_files": self.invalid_files, "placeholders": self.placeholders,
                "draft_files": self.draft_files}  # fmt: skip

    @property
    def exit_code(self) -> int:
        """2 when any input is invalid; else 1 when any claim fails (other than as its file
        expects), cannot be checked or holds where its file expects it to fail, or any
        placeholder remains."""
        failed = (self.fails - self.expected_fails or self.unchecked or self.placeholders
                  or self.unexpected_holds)  # fmt: skip
        return 2 if self.invalid_files else 1 if failed else 0


def check_exit_code(results: list[CheckResult]) -> int:
    """2 when any input is invalid; else 1 when any claim fails unexpectedly, cannot be checked
    or holds where its file expects it to fail, or any placeholder remains; else 0."""
    return tally(results).exit_code


def tally(results: Iterable[CheckResult]) -> CheckTally:
    counted = CheckTally()
    for r in results:
        counted.add(r)
    return counted
