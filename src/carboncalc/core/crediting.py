"""A credits run as one request and one result: what ``credits``, ``uncertainty``,
``sensitivity`` and a sweep ask of the core, answered in one descent.

The orchestration hands :func:`credit_run` one :class:`CreditRequest` (the baseline, the
vintages, the Monte Carlo's samples and seed, whether to check a ledger); the core resolves the
project's credit rules once, runs the Monte Carlo where the uncertainty deduction follows from the
project's spread (or where asked), computes each baseline's emissions once, the waterfalls, the
ledger check and the revenue, and returns one :class:`CreditRun`.

The uncertainty deduction is the file's, where it fixes one; else it follows from the 90 %
half-width of the avoided emissions over the Monte Carlo samples, through the rule set
(:func:`carboncalc.core.credits.uncertainty_deduction_pct`); where the rule set takes it per
year (ART TREES v2.0 eq. 10-11), each vintage's follows from the half-width of that vintage's
avoided emissions over the same samples, split into the vintages credited (projection years,
calendar years or monitoring periods), and the one deduction reported for the period is the
vintages' mean weighted by their mean avoided emissions. Each waterfall takes the deduction
of the Monte Carlo against its own baseline: the claimed credits the file's baseline's, the
credits a counterfactual supports the counterfactual's, so that these carry the counterfactual
rate's own spread. The requested baseline's Monte Carlo is the one returned; the other runs
only where the project has both baselines and the file does not fix the deduction.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from carboncalc.core import pipeline
from carboncalc.core.inputs import CreditInputs, ProjectInputs
from carboncalc.core.uncertainty import MonteCarloRun, Runner, run_job
from carboncalc.errors import ProjectContentError
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.core.credits import Waterfall
    from carboncalc.core.emissions import Emissions
    from carboncalc.core.ledger import LedgerCheck
    from carboncalc.core.revenue import Revenue
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
    # also the waterfall the counterfactual supports, where the file gives one; `compare` and a
    # sweep show only the requested baseline's credits, and skip its Monte Carlo
    supported: bool = True
    ledger: bool = False  # check the file's ledger against the credits by calendar year
    monte_carlo: bool = False  # run it even where the file fixes the deduction
    # the deduction [%] already found for the same project where only inputs that leave avoided
    # emissions as they are differ (a sweep of credits.buffer): each input draws from its own
    # stream, so the Monte Carlo would find the same
    known_uncertainty_pct: float | None = None
    known_by_vintage_pct: tuple[float, ...] | None = None  # the same, per vintage, where the
    # rule set takes the deduction per year


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
    # each vintage's deduction [%] where the rule set takes it per year (then uncertainty_pct is
    # their mean weighted by each vintage's mean avoided emissions); None otherwise
    uncertainty_by_vintage_pct: tuple[float, ...] | None = None


def credit_run(
    inputs: ProjectInputs,
    request: CreditRequest,
    *,
    progress: Callable[[int], None] | None = None,
    runner: Runner = run_job,
) -> CreditRun:
    """Everything a credits command computes, in one descent (see the module notes); each
    Monte Carlo by ``runner``."""
    rules = pipeline.credit_rules(inputs)
    uncertainty_pct, by_vintage_pct, mc = _deduction(
        inputs, rules, request, progress, runner, credits=request.waterfalls or request.monte_carlo
    )
    if not request.waterfalls:
        return CreditRun(rules, uncertainty_pct, mc, None, None, None, None, (), by_vintage_pct)
    emissions: dict[bool, Emissions] = {}
    per_year = _per_year(rules)
    deduction_pct = {
        (request.baseline == "counterfactual", request.vintages): (uncertainty_pct, by_vintage_pct)
    }

    def fraction(
        counterfactual: bool, vintages: pipeline.VintageKind
    ) -> tuple[float, tuple[float, ...] | None]:
        """Each baseline's deduction, from the Monte Carlo against it (see the module notes),
        and each vintage's where the rule set takes it per year."""
        key = (counterfactual, vintages if per_year else request.vintages)
        if key not in deduction_pct:
            other = replace(request, baseline="counterfactual" if counterfactual else "project",
                            vintages=key[1], monte_carlo=False, known_uncertainty_pct=None,
                            known_by_vintage_pct=None)  # fmt: skip
            deduction_pct[key] = _deduction(inputs, rules, other, None, runner, credits=False)[:2]
        pct, each = deduction_pct[key]
        return pct / PERCENT, tuple(u / PERCENT for u in each) if each is not None else None

    def against(counterfactual: bool, vintages: pipeline.VintageKind) -> Waterfall:
        if counterfactual not in emissions:  # each baseline's emissions computed once
            emissions[counterfactual] = pipeline.emissions(inputs, counterfactual=counterfactual)
        one, each = fraction(counterfactual, vintages)
        return pipeline.credits_of(inputs, emissions[counterfactual], uncertainty_fraction=one,
                                   vintages=vintages, uncertainty_fractions=each)  # fmt: skip

    d = inputs.deforestation
    claimed = against(False, request.vintages)
    has_counterfactual = d is not None and d.counterfactual is not None
    wanted = request.supported or request.baseline == "counterfactual"
    supported = against(True, request.vintages) if has_counterfactual and wanted else None
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
                     _revenue(rules, chosen), by_vintage_pct)  # fmt: skip


def _per_year(rules: CreditInputs) -> bool:
    """Whether the deduction follows per year from each vintage's own half-width."""
    return rules.uncertainty is None and rules.rules.uncertainty_per_year_source is not None


def _deduction(
    inputs: ProjectInputs,
    rules: CreditInputs,
    request: CreditRequest,
    progress: Callable[[int], None] | None,
    runner: Runner,
    *,
    credits: bool,
) -> tuple[float, tuple[float, ...] | None, MonteCarlo | None]:
    """The uncertainty deduction [%], each vintage's where the rule set takes it per year, and
    the Monte Carlo it came from, where one ran (with the credits over its samples where
    ``credits``: a Monte Carlo run only for its deduction does without them). Per year, the one
    deduction is the vintages' mean weighted by their mean avoided emissions (what
    ``uncertainty``, ``compare`` and ``sensitivity`` show as the period's)."""
    from carboncalc.core.credits import uncertainty_deduction_pct

    fixed = rules.uncertainty

    def fraction(summary: Summary) -> float:
        if fixed is not None:
            return fixed.pct.central / PERCENT
        half_width = summary.half_width_pct
        if half_width is None:
            return 0.0
        return uncertainty_deduction_pct(rules.rules, rules.bands, half_width) / PERCENT

    per_year = _per_year(rules)
    known = request.known_uncertainty_pct
    known_each = request.known_by_vintage_pct
    if (
        known is not None
        and fixed is None
        and not request.monte_carlo
        and (not per_year or known_each is not None)
    ):
        return known, known_each, None
    mc = None
    if request.monte_carlo or fixed is None:
        split = pipeline.vintage_split(inputs, request.vintages) if per_year else None
        mc = runner(MonteCarloRun(inputs, request.samples, request.seed,
                                  uncertainty_fraction=fraction if credits else None,
                                  progress=progress,
                                  counterfactual=request.baseline == "counterfactual",
                                  by_vintage=split,
                                  vintages=request.vintages if per_year else None))  # fmt: skip
    if fixed is not None:
        return fixed.pct.central, None, mc
    assert mc is not None and mc.avoided_tco2e is not None
    if not per_year:
        return fraction(mc.avoided_tco2e) * PERCENT, None, mc
    each = tuple(fraction(v) * PERCENT for v in mc.avoided_by_vintage_tco2e)
    weights = [abs(v.mean) for v in mc.avoided_by_vintage_tco2e]
    total = math.fsum(weights)
    mean_pct = (
        math.fsum(u * w for u, w in zip(each, weights, strict=True)) / total if total else 0.0
    )
    return mean_pct, each, mc


def _revenue(rules: CreditInputs, credits: Waterfall) -> tuple[Revenue, ...]:
    """The revenue of the credits at the file's price and discount rate, where it gives one."""
    if rules.price_usd_per_tco2e is None:
        return ()
    from carboncalc.core.revenue import revenue

    return revenue(
        credits,
        price_usd_per_tco2e=rules.price_usd_per_tco2e,
        discount_rate_pct=rules.discount_rate_pct,
    )
