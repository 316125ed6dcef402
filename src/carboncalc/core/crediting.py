"""A credits run as one request and one result: what ``credits``, ``uncertainty``,
``sensitivity`` and a sweep ask of the core, answered in one descent.

The orchestration hands :func:`credit_run` one :class:`CreditRequest` (the baseline, the
vintages, the Monte Carlo's samples and seed, whether to check a ledger); the core resolves the
project's credit rules once, runs the Monte Carlo where the uncertainty deduction follows from the
project's spread (or where asked), computes each baseline's emissions once, the waterfalls, the
ledger check and the revenue, and returns one :class:`CreditRun`.

The uncertainty deduction is the file's, where it fixes one; else it follows from the 90 %
half-width of the avoided emissions over the Monte Carlo samples, through the rule set
(:func:`carboncalc.core.credits.uncertainty_deduction_pct`). Each waterfall takes the deduction
of the Monte Carlo against its own baseline: the claimed credits the file's baseline's, the
credits a counterfactual supports the counterfactual's, so that these carry the counterfactual
rate's own spread. The requested baseline's Monte Carlo is the one returned; the other runs
only where the project has both baselines and the file does not fix the deduction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from carboncalc.core import pipeline
from carboncalc.core.inputs import CreditInputs, ProjectInputs
from carboncalc.errors import ProjectContentError
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.core.credits import Revenue, Waterfall
    from carboncalc.core.emissions import Emissions
    from carboncalc.core.ledger import LedgerCheck
    from carboncalc.core.uncertainty import MonteCarlo, Summary

Baseline = Literal["project", "counterfactual"]


@dataclass(frozen=True)
class CreditRequest:
    """What a credits run computes. With ``waterfalls`` False, only the deduction (and the
    Monte Carlo behind it): what ``uncertainty``, ``sensitivity`` and a what-if's base case
    need."""

    samples: int
    seed: int
    baseline: Baseline = "project"  # which waterfall the credits are: the file's baseline's or
    # the counterfactual's
    vintages: pipeline.VintageKind = "projection"
    waterfalls: bool = True
    ledger: bool = False  # check the file's ledger against the credits by calendar year
    monte_carlo: bool = False  # run it even where the file fixes the deduction
    # the deduction [%] already found for the same project where only inputs that leave avoided
    # emissions as they are differ (a sweep of credits.buffer): each input draws from its own
    # stream, so the Monte Carlo would find the same
    known_uncertainty_pct: float | None = None


@dataclass(frozen=True)
class CreditRun:
    """The answer to a :class:`CreditRequest`."""

    rules: CreditInputs
    uncertainty_pct: float  # the deduction applied [%]
    monte_carlo: MonteCarlo | None  # None where the deduction is fixed or already known
    credits: Waterfall | None  # the requested baseline's; None without waterfalls
    claimed: Waterfall | None  # against the file's baseline
    supported: Waterfall | None  # against the counterfactual, where the file gives one
    ledger: LedgerCheck | None
    revenue: tuple[Revenue, ...]


def credit_run(
    inputs: ProjectInputs,
    request: CreditRequest,
    *,
    progress: Callable[[int], None] | None = None,
) -> CreditRun:
    """Everything a credits command computes, in one descent (see the module notes)."""
    rules = pipeline.credit_rules(inputs)
    uncertainty_pct, mc = _deduction(inputs, rules, request, progress)
    if not request.waterfalls:
        return CreditRun(rules, uncertainty_pct, mc, None, None, None, None, ())
    emissions: dict[bool, Emissions] = {}
    deduction_pct = {request.baseline == "counterfactual": uncertainty_pct}

    def fraction(counterfactual: bool) -> float:
        """Each baseline's deduction, from the Monte Carlo against it (see the module notes)."""
        if counterfactual not in deduction_pct:
            other = replace(request, baseline="counterfactual" if counterfactual else "project",
                            monte_carlo=False, known_uncertainty_pct=None)  # fmt: skip
            deduction_pct[counterfactual] = _deduction(inputs, rules, other, None)[0]
        return deduction_pct[counterfactual] / PERCENT

    def against(counterfactual: bool, vintages: pipeline.VintageKind) -> Waterfall:
        if counterfactual not in emissions:  # each baseline's emissions computed once
            emissions[counterfactual] = pipeline.emissions(inputs, counterfactual=counterfactual)
        return pipeline.credits_of(inputs, emissions[counterfactual],
                                   uncertainty_fraction=fraction(counterfactual),
                                   vintages=vintages)  # fmt: skip

    d = inputs.deforestation
    claimed = against(False, request.vintages)
    has_counterfactual = d is not None and d.counterfactual is not None
    supported = against(True, request.vintages) if has_counterfactual else None
    chosen = supported if request.baseline == "counterfactual" else claimed
    if chosen is None:
        raise ProjectContentError(
            "the project file gives no `deforestation.counterfactual` rate to compare with"
        )
    checked = None
    if request.ledger:
        from carboncalc.core.ledger import check_ledger

        if not rules.ledger:
            raise ProjectContentError("the project file gives no `credits.ledger` to check")
        checked = check_ledger(
            rules.ledger,
            supported=against(request.baseline == "counterfactual", "calendar"),
            deposited=against(False, "calendar"),
            rules=rules.rules,
            pool=rules.ledger_pool,
        )
    return CreditRun(rules, uncertainty_pct, mc, chosen, claimed, supported, checked,
                     _revenue(rules, chosen))  # fmt: skip


def _deduction(
    inputs: ProjectInputs,
    rules: CreditInputs,
    request: CreditRequest,
    progress: Callable[[int], None] | None,
) -> tuple[float, MonteCarlo | None]:
    """The uncertainty deduction [%] and the Monte Carlo it came from, where one ran."""
    from carboncalc.core.credits import uncertainty_deduction_pct
    from carboncalc.core.uncertainty import run

    fixed = rules.uncertainty

    def fraction(summary: Summary) -> float:
        if fixed is not None:
            return fixed.pct.central / PERCENT
        half_width = summary.half_width_pct
        if half_width is None:
            return 0.0
        return uncertainty_deduction_pct(rules.rules, rules.bands, half_width) / PERCENT

    known = request.known_uncertainty_pct
    if known is not None and fixed is None and not request.monte_carlo:
        return known, None
    mc = None
    if request.monte_carlo or fixed is None:
        mc = run(inputs, samples=request.samples, seed=request.seed,
                 uncertainty_fraction=fraction, progress=progress,
                 counterfactual=request.baseline == "counterfactual")  # fmt: skip
    if fixed is not None:
        return fixed.pct.central, mc
    assert mc is not None and mc.avoided_tco2e is not None
    return fraction(mc.avoided_tco2e) * PERCENT, mc


def _revenue(rules: CreditInputs, credits: Waterfall) -> tuple[Revenue, ...]:
    """The revenue of the credits at the file's price and discount rate, where it gives one."""
    if rules.price_usd_per_tco2e is None:
        return ()
    from carboncalc.core.credits import revenue

    return revenue(
        credits,
        price_usd_per_tco2e=rules.price_usd_per_tco2e,
        discount_rate_pct=rules.discount_rate_pct,
    )
