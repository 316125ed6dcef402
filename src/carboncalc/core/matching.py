"""A matched counterfactual, as plain values: what the project's forest lost year by year, what
matched control forest lost, the spread of both over repeated matchings, and how well the
matching balanced the covariates.

Shares are of the forest at the match year that is lost in each year [1/yr]; a figure with a
spread is a :class:`Spread` (mean over the repeats, and the 5th and 95th percentiles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from carboncalc.core.observation import FileDigest

SMD_FLAG = 0.25  # a standardised mean difference above this after matching flags the match


@dataclass(frozen=True)
class Spread:
    """A figure over the repeats: their mean and 5th and 95th percentiles."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        """The mean and the 5th and 95th percentiles (linear between order statistics, as
        numpy's default) of the repeats' values."""
        ordered = sorted(values)

        def percentile(q: float) -> float:
            position = q * (len(ordered) - 1)
            below = math.floor(position)
            above = min(below + 1, len(ordered) - 1)
            return ordered[below] + (ordered[above] - ordered[below]) * (position - below)

        return cls(math.fsum(ordered) / len(ordered), percentile(0.05), percentile(0.95))

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Balance:
    """One covariate's standardised mean difference, project against controls, before matching
    (against every candidate) and after (against the matched controls, mean over repeats)."""

    name: str
    smd_before: float
    smd_after: float

    @property
    def flagged(self) -> bool:
        return abs(self.smd_after) > SMD_FLAG


@dataclass(frozen=True)
class YearShares:
    """One year: the share of the forest lost in the project's sample and in its matched
    controls, and in every candidate (the naive comparison)."""

    year: int
    project: Spread
    control: Spread
    naive_control: float


@dataclass(frozen=True)
class MatchedCounterfactual:
    """One project matched on one dataset, from ``start_year`` (post) and, where the data reach
    back, from ``pre_start_year`` (the pre-period's own matching)."""

    project: str
    start_year: int
    last_year: int
    project_forest_ha: float  # forest inside the boundary at the start
    post: tuple[YearShares, ...]  # start_year .. last_year
    pre: tuple[YearShares, ...]  # pre_start_year .. start_year - 1; empty without a pre-period
    balance: tuple[Balance, ...]
    pre_balance: tuple[Balance, ...]
    avoided_ha: Spread  # Σ (control - project share) over the post years x project forest
    naive_avoided_ha: float  # the same against every candidate, unmatched (project: its mean)
    did_per_yr: Spread | None  # (control - project)_post - (control - project)_pre, per year
    pre_gap_per_yr: Spread | None  # control - project, mean per pre-period year
    matched_fraction: float  # of the sampled project pixels with a control within the caliper
    sample: int
    candidates: int
    repeats: int
    seed: int
    caliper: float
    covariates: tuple[str, ...]
    constant: tuple[str, ...]  # built-in covariates left out: the same for every pixel
    files: tuple[FileDigest, ...]
    counterfactual_total: Spread  # Σ control share over the post years (for the scale)

    def counterfactual_ha(self, first: int, last: int) -> list[tuple[int, float]]:
        """The project's forest cleared each year at the matched controls' mean share [ha]."""
        shares = {y.year: y.control.mean for y in self.post}
        return [(year, shares[year] * self.project_forest_ha) for year in range(first, last + 1)]

    def scale(self) -> tuple[float, float] | None:
        """The low and high of the counterfactual series' scale [-]: the repeats' 5th and 95th
        percentile totals over their mean; None where the controls lost nothing."""
        total = self.counterfactual_total
        if not total.mean > 0:
            return None
        return total.low / total.mean, total.high / total.mean

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.balance if b.flagged)

    @property
    def pre_trends_differ(self) -> bool:
        """True where the 90 % interval of the pre-period gap excludes 0."""
        gap = self.pre_gap_per_yr
        return gap is not None and not gap.contains(0.0)
