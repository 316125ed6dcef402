"""Credits, their uncertainty and their sensitivity: the commands whose results depend on the
uncertainty deduction, and so on a Monte Carlo run. Plain result objects; no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from carboncalc.core import pipeline
from carboncalc.core.credits import Revenue, Waterfall
from carboncalc.core.credits import revenue as credit_revenue
from carboncalc.core.inputs import CreditInputs, ProjectInputs, RuleSet
from carboncalc.core.uncertainty import MonteCarlo, Summary
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

    @property
    def deduction_differs(self) -> bool:
        """True when a what-if's uncertainty deduction is not the base case's."""
        base = self.base_uncertainty_pct
        return base is not None and abs(base - self.uncertainty.pct) > 1e-9

    @property
    def over_crediting_ratio(self) -> float | None:
        """Credits against the claimed baseline / credits the counterfactual supports."""
        if self.claimed is None or self.supported is None or self.supported.credits == 0:
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
) -> tuple[Rule, Rule, Rule, MonteCarlo | None]:
    """Leakage, uncertainty and buffer rules of a project. Monte Carlo runs when the deduction
    follows from the project's uncertainty, or when asked for (``monte_carlo``); ``known`` is
    the deduction already found for the same project where only inputs that leave avoided
    emissions as they are differ (a sweep of ``credits.buffer``): each input draws from its own
    stream, so its Monte Carlo would find the same."""
    from carboncalc.core.credits import uncertainty_deduction_pct
    from carboncalc.core.uncertainty import run

    rules = pipeline.credit_rules(inputs)
    fixed = rules.uncertainty

    def deduction(summary: Summary) -> float:
        if fixed is not None:
            return fixed.pct.central / PERCENT
        half_width = summary.half_width_pct
        if half_width is None:
            return 0.0
        return uncertainty_deduction_pct(rules.rules, rules.bands, half_width) / PERCENT

    mc = None
    if known is not None and fixed is None and not monte_carlo:
        leakage = Rule(rules.leakage.pct.central, rules.leakage.how)
        return leakage, known, _buffer_rule(rules), None
    if monte_carlo or fixed is None:
        mc = run(inputs, samples=samples, seed=seed, uncertainty_fraction=deduction,
                 progress=progress)  # fmt: skip
    if fixed is not None:
        uncertainty = Rule(fixed.pct.central, fixed.how)
    else:
        assert mc is not None and mc.avoided_tco2e is not None
        half = mc.avoided_tco2e.half_width_pct
        spread = (
            f"90 % interval half-width {half or 0:.1f} % of the mean avoided emissions "
            f"(Monte Carlo, {samples:,} samples, seed {seed})"
        )
        rule_set = rules.rules
        if rule_set.uncertainty_rule == "bands":
            how = f"FCPF conservativeness table ({rules.bands_title}): {spread}"
        elif rule_set.uncertainty_rule == "excess_over":
            how = (
                f"{rule_set.label}: the part above {rule_set.threshold_pct:g} % of the {spread} "
                f"[{rule_set.uncertainty_source}]"
            )
        else:
            how = (
                f"{rule_set.label}: 0.524417 x half-width / 1.645006, from the {spread} "
                f"[{rule_set.uncertainty_source}]"
            )
        uncertainty = Rule(deduction(mc.avoided_tco2e) * PERCENT, how)
    leakage = Rule(rules.leakage.pct.central, rules.leakage.how)
    return leakage, uncertainty, _buffer_rule(rules), mc


def _buffer_rule(rules: CreditInputs) -> Rule:
    how = rules.buffer.how
    if rules.rules.buffer_base == "gross":
        how += f"; on gross avoided emissions [{rules.rules.buffer_source}]"
    return Rule(rules.buffer.pct.central, how)


def credits_report(
    loaded: LoadedProject,
    *,
    baseline: str = "project",
    samples: int = 1000,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    base: ProjectInputs | None = None,
    vintages: pipeline.VintageKind = "projection",
    ledger: bool = False,
    known: Rule | None = None,
) -> CreditsReport:
    """The credit waterfall by vintage, with its rules, the counterfactual and the value. For a
    what-if, ``base`` (the project without its overrides) gives the base case's deduction."""
    inputs = loaded.inputs
    leakage, uncertainty, buffer, mc = deduction_rules(
        inputs, samples=samples, seed=seed, progress=progress, known=known
    )
    base_pct = None
    if base is not None and base.credits is not None:
        base_pct = deduction_rules(base, samples=samples, seed=seed)[1].pct

    def credits_against(counterfactual: bool, by: pipeline.VintageKind = vintages) -> Waterfall:
        result = pipeline.emissions(inputs, counterfactual=counterfactual)
        return pipeline.credits_of(
            inputs, result, uncertainty_fraction=uncertainty.pct / PERCENT, vintages=by
        )

    d = inputs.deforestation
    has_counterfactual = d is not None and d.counterfactual is not None
    claimed = credits_against(False)
    supported = credits_against(True) if has_counterfactual else None
    chosen = supported if baseline == "counterfactual" else claimed
    if chosen is None:
        raise ProjectContentError(
            "the project file gives no `deforestation.counterfactual` rate to compare with"
        )
    checked = None
    if ledger:
        from carboncalc.core.ledger import check_ledger

        lines = pipeline.credit_rules(inputs).ledger
        if not lines:
            raise ProjectContentError("the project file gives no `credits.ledger` to check")
        checked = check_ledger(
            lines,
            supported=credits_against(baseline == "counterfactual", "calendar"),
            deposited=credits_against(False, "calendar"),
        )
    return CreditsReport(
        loaded=loaded,
        baseline=baseline,
        waterfall=chosen,
        leakage=leakage,
        uncertainty=uncertainty,
        buffer=buffer,
        monte_carlo=mc,
        claimed=claimed if supported is not None else None,
        supported=supported,
        revenue=revenue(inputs, chosen),
        rule_set=pipeline.credit_rules(inputs).rules,
        base_uncertainty_pct=base_pct,
        vintages=vintages,
        ledger=checked,
    )


def revenue(inputs: ProjectInputs, credits: Waterfall) -> tuple[Revenue, ...]:
    """The revenue of the credits at the file's price and discount rate, where it gives a price."""
    rules = inputs.credits
    if rules is None or rules.price_usd_per_tco2e is None:
        return ()
    return credit_revenue(
        credits,
        price_usd_per_tco2e=rules.price_usd_per_tco2e,
        discount_rate_pct=rules.discount_rate_pct,
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
) -> UncertaintyReport:
    """Monte Carlo of stock, avoided emissions and (with credit rules) credits."""
    from carboncalc.core.uncertainty import run

    inputs = loaded.inputs
    if inputs.credits is None:
        mc = run(inputs, samples=samples, seed=seed, progress=progress)
    else:
        *_, found = deduction_rules(
            inputs, samples=samples, seed=seed, progress=progress, monte_carlo=True
        )
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
