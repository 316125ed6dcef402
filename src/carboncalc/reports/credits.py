"""Credits, their uncertainty and their sensitivity: the commands whose results depend on the
uncertainty deduction, and so on a Monte Carlo run. Plain result objects; no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from carboncalc.core import pipeline
from carboncalc.core.crediting import Baseline, CreditRequest, CreditRun, credit_run
from carboncalc.core.credits import Waterfall
from carboncalc.core.inputs import ProjectInputs, RuleSet
from carboncalc.core.revenue import Revenue
from carboncalc.core.sampling import DEFAULT_SAMPLES, samples_text
from carboncalc.core.uncertainty import MonteCarlo, MonteCarloRun, Runner, run_job
from carboncalc.errors import ProjectContentError
from carboncalc.files.loading import LoadedProject
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.core.ledger import LedgerCheck
    from carboncalc.core.sensitivity import Tornado


@dataclass(frozen=True)
class Rule:
    """One deduction of the waterfall: its share and where it comes from."""

    pct: float
    how: str
    by_vintage_pct: tuple[float, ...] | None = None  # where the rule set takes it per year


@dataclass(frozen=True)
class CreditsReport:
    loaded: LoadedProject
    baseline: str  # "project" (the file's baseline) or "counterfactual"
    waterfall: Waterfall
    leakage: Rule
    uncertainty: Rule
    buffer: Rule
    monte_carlo: MonteCarlo | None  # None when the file fixes the uncertainty deduction
    claimed: Waterfall | None  # against the file's baseline, when comparing
    supported: Waterfall | None  # against the counterfactual, when the file gives one
    revenue: tuple[Revenue, ...]
    rule_set: RuleSet
    # the base case's deduction [%], for a what-if (--set, a scenario): without its overrides
    base_uncertainty_pct: float | None = None
    vintages: str = "projection"  # projection years, calendar years or monitoring periods
    ledger: LedgerCheck | None = None  # the file's ledger against the computed credits
    explain: bool = False  # the table shows each rule's source and reading in full

    @property
    def deduction_differs(self) -> bool:
        """True when a what-if's uncertainty deduction is not the base case's."""
        base = self.base_uncertainty_pct
        return base is not None and abs(base - self.uncertainty.pct) > 1e-9

    @property
    def same_baseline(self) -> bool:
        """True when the file's baseline avoids, vintage by vintage, exactly what the
        counterfactual does (a project made from the evidence set takes its baseline from the
        counterfactual): the two waterfalls cannot differ, so there is no over-crediting test."""
        if self.claimed is None or self.supported is None:
            return False
        return [v.gross_tco2e for v in self.claimed.vintages] == [
            v.gross_tco2e for v in self.supported.vintages
        ]

    @property
    def over_crediting_ratio(self) -> float | None:
        """Credits against the claimed baseline / credits the counterfactual supports; None
        where it is 1 by construction (:attr:`same_baseline`) or nothing is supported."""
        if self.claimed is None or self.supported is None or self.supported.credits == 0:
            return None
        if self.same_baseline:
            return None
        return self.claimed.credits / self.supported.credits


def deduction_rules(
    inputs: ProjectInputs,
    *,
    samples: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    monte_carlo: bool = False,
    known: Rule | None = None,
    baseline: Baseline = "project",
    runner: Runner = run_job,
) -> tuple[Rule, Rule, Rule, MonteCarlo | None]:
    """Leakage, uncertainty and buffer rules of a project. Monte Carlo runs when the deduction
    follows from the project's uncertainty, or when asked for (``monte_carlo``), against the
    file's baseline or the counterfactual; ``known`` is the deduction already found for the
    same project where only inputs that leave avoided emissions as they are differ (a sweep of
    ``credits.buffer``)."""
    known_pct, known_each = (known.pct, known.by_vintage_pct) if known else (None, None)
    request = CreditRequest(samples=samples, seed=seed, waterfalls=False, baseline=baseline,
                            monte_carlo=monte_carlo, known_uncertainty_pct=known_pct,
                            known_by_vintage_pct=known_each)  # fmt: skip
    found = credit_run(inputs, request, progress=progress, runner=runner)
    return (*_rules(found, samples=samples, seed=seed, known=known), found.monte_carlo)


def _rules(
    found: CreditRun, *, samples: int, seed: int, known: Rule | None = None
) -> tuple[Rule, Rule, Rule]:
    """The leakage, uncertainty and buffer rules of a run, each with where it comes from."""
    rules = found.rules
    leakage = Rule(rules.leakage.pct.central, rules.leakage.how)
    how = rules.buffer.how
    if rules.rules.buffer_base == "gross":
        how += f"; on gross avoided emissions [{rules.rules.buffer_source}]"
    elif rules.rules.buffer_base == "stock_change":
        how += (
            "; on the change in carbon stocks only: gross avoided emissions less the CH4 and "
            f"N2O from burning [{rules.rules.buffer_source}]"
        )
    buffer = Rule(rules.buffer.pct.central, how)
    if rules.uncertainty is not None:
        return leakage, Rule(rules.uncertainty.pct.central, rules.uncertainty.how), buffer
    if found.monte_carlo is None:  # the deduction was known: its rule as it was
        assert known is not None
        return leakage, known, buffer
    assert found.monte_carlo.avoided_tco2e is not None
    half = found.monte_carlo.avoided_tco2e.half_width_pct
    against = " against the counterfactual" if found.monte_carlo.counterfactual else ""
    spread = (
        f"90 % interval half-width {half or 0:.1f} % of the mean avoided emissions{against} "
        f"(Monte Carlo, {samples_text(samples)}, seed {seed})"
    )
    rule_set = rules.rules
    if rule_set.uncertainty_rule == "bands":
        how = f"FCPF conservativeness table ({rules.bands_title}): {spread}"
    elif rule_set.uncertainty_rule == "excess_over":
        how = (
            f"{rule_set.label}: the part above {rule_set.threshold_pct:g} % of the {spread} "
            f"[{rule_set.uncertainty_source}]"
        )
    elif found.uncertainty_by_vintage_pct is None:
        how = (
            f"{rule_set.label}: 0.524417 x half-width / 1.645006, from the {spread} "
            f"[{rule_set.uncertainty_source}]"
        )
    else:
        each = found.uncertainty_by_vintage_pct
        how = (
            f"{rule_set.label}: per vintage, 0.524417 x the half-width of that vintage's avoided "
            f"emissions / 1.645006 ({min(each):.2f} to {max(each):.2f} %, shown by vintage; "
            f"here their mean weighted by each vintage's mean avoided emissions; the whole "
            f"period's {spread}) [{rule_set.uncertainty_source}; per year: "
            f"{rule_set.uncertainty_per_year_source}]"
        )
    return leakage, Rule(found.uncertainty_pct, how, found.uncertainty_by_vintage_pct), buffer


def credits_report(
    loaded: LoadedProject,
    *,
    baseline: str = "project",
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    base: ProjectInputs | None = None,
    vintages: pipeline.VintageKind = "projection",
    ledger: bool = False,
    known: Rule | None = None,
    supported: bool = True,
    runner: Runner = run_job,
) -> CreditsReport:
    """The credit waterfall by vintage, with its rules, the counterfactual and the value: one
    request to the core (:func:`carboncalc.core.crediting.credit_run`), one result. For a
    what-if, ``base`` (the project without its overrides) gives the base case's deduction.
    ``supported`` False leaves out the credits the counterfactual supports (and their Monte
    Carlo), for a caller that shows only the claimed credits."""
    request = CreditRequest(
        samples=samples,
        seed=seed,
        baseline="counterfactual" if baseline == "counterfactual" else "project",
        vintages=vintages,
        ledger=ledger,
        known_uncertainty_pct=known.pct if known is not None else None,
        known_by_vintage_pct=known.by_vintage_pct if known is not None else None,
        supported=supported,
    )
    found = credit_run(loaded.inputs, request, progress=progress, runner=runner)
    leakage, uncertainty, buffer = _rules(found, samples=samples, seed=seed, known=known)
    base_pct = None
    if base is not None and base.credits is not None:
        base_pct = deduction_rules(base, samples=samples, seed=seed, baseline=request.baseline,
                                   runner=runner)[1].pct  # fmt: skip
    assert found.credits is not None and found.claimed is not None
    return CreditsReport(
        loaded=loaded,
        baseline=baseline,
        waterfall=found.credits,
        leakage=leakage,
        uncertainty=uncertainty,
        buffer=buffer,
        monte_carlo=found.monte_carlo,
        claimed=found.claimed if found.supported is not None else None,
        supported=found.supported,
        revenue=found.revenue,
        rule_set=found.rules.rules,
        base_uncertainty_pct=base_pct,
        vintages=vintages,
        ledger=found.ledger,
    )


@dataclass(frozen=True)
class UncertaintyReport:
    loaded: LoadedProject
    monte_carlo: MonteCarlo
    rule_set: RuleSet | None = None  # the credit rule set, when credits are summarised


@dataclass(frozen=True)
class SensitivityReport:
    loaded: LoadedProject
    tornado: Tornado
    rule_set: RuleSet | None = None  # the credit rule set, when credits are ranked


def uncertainty_report(
    loaded: LoadedProject,
    *,
    samples: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    baseline: str = "project",
    runner: Runner = run_job,
) -> UncertaintyReport:
    """Monte Carlo of stock, avoided emissions and (with credit rules) credits; avoided
    emissions against the file's baseline, or the counterfactual."""
    inputs = loaded.inputs
    d = inputs.deforestation
    if baseline == "counterfactual" and (d is None or d.counterfactual is None):
        raise ProjectContentError(
            "the project file gives no `deforestation.counterfactual` rate to compare with"
        )
    if inputs.credits is None:
        mc = runner(
            MonteCarloRun(
                inputs,
                samples,
                seed,
                progress=progress,
                counterfactual=baseline == "counterfactual",
            )
        )
    else:
        against: Baseline = "counterfactual" if baseline == "counterfactual" else "project"
        *_, found = deduction_rules(inputs, samples=samples, seed=seed, progress=progress,
                                    monte_carlo=True, baseline=against,
                                    runner=runner)  # fmt: skip
        assert found is not None
        mc = found
    rule_set = inputs.credits.rules if inputs.credits is not None else None
    return UncertaintyReport(loaded, mc, rule_set)


def sensitivity_report(
    loaded: LoadedProject, *, pct: float | None, samples: int, seed: int
) -> SensitivityReport:
    """Each input at its low and high value; credits at the base case's deductions."""
    from carboncalc.core.sensitivity import tornado

    inputs = loaded.inputs
    if not inputs.has_emissions:
        raise ProjectContentError(
            "sensitivity needs deforestation rates and a period: the project file has none"
        )
    uncertainty_pct = 0.0
    if inputs.credits is not None:
        _, uncertainty, _, _ = deduction_rules(inputs, samples=samples, seed=seed)
        uncertainty_pct = uncertainty.pct
    return SensitivityReport(
        loaded,
        tornado(inputs, uncertainty_fraction=uncertainty_pct / PERCENT, pct=pct),
        inputs.credits.rules if inputs.credits is not None else None,
    )
