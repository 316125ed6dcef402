"""The bundled evidence set as the core sees it: plain values, read from
``factors/evidence.yaml`` and ``factors/densities.yaml`` by
:func:`carboncalc.files.factors.load_evidence` (a module of its own, so that commands other than
``evidence`` do not define these types at start-up)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from carboncalc.units import c_to_co2


@dataclass(frozen=True)
class EvidenceProject:
    """A project as the evidence set knows it (registry id, name, place, start, GIS area)."""

    id: str  # VCS number, or PL... for Plan Vivo, as the source writes it
    name: str
    country: str
    iso3: str
    iso2: str
    continent: str
    start_year: int
    area_ha: float
    tier1_region: str  # the row of the Tier 1 density table it takes by default
    source: str  # the citation of where these facts come from


@dataclass(frozen=True)
class Spread:
    """The matched controls' rate over the matching specifications of an evaluation that ran
    several: how many runs passed its checks, and the least, 5th percentile, 95th percentile
    and greatest rate among them [fraction/yr]."""

    count: int
    min_fraction_per_yr: float
    p5_fraction_per_yr: float
    p95_fraction_per_yr: float
    max_fraction_per_yr: float

    def drawn_between(self, control_fraction_per_yr: float) -> tuple[float, float]:
        """The low and high ends [fraction/yr] a counterfactual rate c taken from the evidence
        set is drawn between in the Monte Carlo (uniformly):

            low = min(p5, c),  high = max(p95, c)

        the specifications' 5th and 95th percentiles, widened to take in c where c (a published
        figure, perhaps of another evaluation) lies outside them, so that low <= c <= high. The
        uniform draw and the widening are carboncalc's reading of the spread, not the source's.
        """
        c = control_fraction_per_yr
        return min(self.p5_fraction_per_yr, c), max(self.p95_fraction_per_yr, c)


@dataclass(frozen=True)
class Rates:
    """One evaluation's finding for one project: deforestation as a fraction per year; where the
    evaluation ran several matching specifications, the run the rates are from and the
    controls' rate over the runs that passed its checks."""

    control_fraction_per_yr: float
    project_fraction_per_yr: float
    control_over_specifications: Spread | None = None
    run: str | None = None  # the run's id, as the source writes it
    specification: str | None = None  # how that run matched


@dataclass(frozen=True)
class Evaluation:
    id: str
    label: str
    what: str
    source: str  # its citation
    rates: Mapping[str, Rates]  # by registry id
    url: str | None = None  # of the publication (its DOI), for a short citation
    over_specifications: str | None = None  # which runs a Spread is over


@dataclass(frozen=True)
class Claim:
    """A claimed figure as a source states it: avoided emissions over a span of years."""

    project: str
    avoided_tco2e: float
    first_year: int
    last_year: int
    what: str  # the figure as stated
    source: str

    @property
    def avoided_tco2e_per_yr(self) -> float:
        """The mean per year over the span, both ends included."""
        return self.avoided_tco2e / (self.last_year - self.first_year + 1)


@dataclass(frozen=True)
class Tier1Density:
    """A default carbon density: above-ground biomass x (1 + root-to-shoot) x carbon fraction."""

    region: str
    above_ground_t_dm_per_ha: float
    root_to_shoot: float
    carbon_fraction: float
    how: str  # the tables it comes from, marked ASSUMPTION where so

    @property
    def tc_per_ha(self) -> float:
        return self.above_ground_t_dm_per_ha * (1 + self.root_to_shoot) * self.carbon_fraction

    @property
    def tco2_per_ha(self) -> float:
        return c_to_co2(self.tc_per_ha)


@dataclass(frozen=True)
class EvidenceSet:
    projects: Mapping[str, EvidenceProject]
    evaluations: tuple[Evaluation, ...]
    claims: tuple[Claim, ...]
    densities: Mapping[str, Tier1Density]  # by tier1_region
    forest_type: str
