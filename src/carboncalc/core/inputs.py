"""A project's inputs as the core sees them: plain values, no schema, no files.

:func:`carboncalc.files.resolve.resolve` builds these from a validated project file once per load,
with the reference tables' defaults filled in. Everything after that (stock, emissions, credits,
claims, Monte Carlo, sensitivity) reads these objects only, so a core test builds them from plain
numbers and the core does not depend on the shape of the file.

An input with a spread is a :class:`Value`: its central value and, where the file gives one, a
low-high range or a standard deviation. A computation asks a value for a case (``"low"``,
``"central"``, ``"high"``) or for a set of draws (a Monte Carlo sample, or one input moved for
a tornado), keyed by the input's field path.

Values keep the file's units (``unit`` beside them); the core converts them per case with
:mod:`carboncalc.units`, so that the arithmetic is the same whatever the case.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Case = Literal["low", "central", "high"]
CASES: tuple[Case, ...] = ("low", "central", "high")
Draws = Mapping[str, float]  # value by field path, for the inputs a sample or a variation sets
CaseLike = Case | Draws
Distribution = Literal["uniform", "triangular", "normal", "lognormal"]
Z_95 = 1.6448536269514722  # standard normal quantile at 0.95: the 5th-95th percentile range


@dataclass(frozen=True)
class Value:
    """One input: a value, or a low-high range, or a mean with a standard deviation."""

    path: str  # field path in the project file, e.g. ``carbon.pools.above_ground``
    value: float | None
    low: float | None = None
    high: float | None = None
    sd: float | None = None
    distribution: Distribution | None = None

    @property
    def has_range(self) -> bool:
        """True when the value is uncertain: a low-high range, or a standard deviation."""
        return self.low is not None or bool(self.sd)

    @property
    def central(self) -> float:
        """The value; where a source gives only a range, its midpoint."""
        if self.value is not None:
            return self.value
        assert self.low is not None and self.high is not None
        return (self.low + self.high) / 2

    def at(self, case: CaseLike) -> float:
        """The value for a case (low and high: the range's ends, or for a value with an sd its
        5th and 95th percentiles), or its draw where ``case`` is a set of draws."""
        if not isinstance(case, str):
            drawn = case.get(self.path)
            return self.central if drawn is None else drawn
        if case == "central" or not self.has_range:
            return self.central
        if self.low is not None and self.high is not None:
            return self.low if case == "low" else self.high
        return self.percentile(-Z_95 if case == "low" else Z_95)

    def percentile(self, z: float) -> float:
        """The value at standard normal quantile ``z`` of a normal or lognormal spread."""
        assert self.value is not None and self.sd is not None
        if self.distribution == "lognormal":
            sigma2 = math.log1p((self.sd / self.value) ** 2)
            return math.exp(math.log(self.value) - sigma2 / 2 + z * math.sqrt(sigma2))
        return self.value + z * self.sd


def constant(path: str, value: float) -> Value:
    """A value with no spread."""
    return Value(path=path, value=value)


@dataclass(frozen=True)
class PoolInputs:
    """Carbon in one pool: a density or a whole-area stock in ``unit``, or (below ground) a
    root-to-shoot ratio applied to the above-ground pool."""

    name: str
    unit: str | None  # None for a pool given by root_to_shoot
    amount: Value | None
    carbon_fraction: Value | None = None  # for a density in t dm
    root_to_shoot: Value | None = None
    release_years: int = 1  # the carbon leaves linearly over these years after clearing
    release_remaining_fraction: float = 0.0  # share of the pool that stays, 0-1
    release_source: str | None = None  # where a delayed release comes from

    @property
    def is_stock(self) -> bool:
        """True when the amount is a stock for the whole area rather than a density."""
        return self.unit is not None and "/" not in self.unit


@dataclass(frozen=True)
class RateInputs:
    """A deforestation rate: %/yr of the ``remaining`` forest or of the ``initial`` area, or an
    area per year (ha/yr, acre/yr, km2/yr); for the whole period, or for the years
    ``first_year``-``last_year`` of a scenario whose rate changes."""

    rate: Value
    unit: str
    basis: Literal["remaining", "initial"] = "remaining"
    first_year: int | None = None
    last_year: int | None = None


@dataclass(frozen=True)
class Observation:
    """Forest loss observed in one projection year: hectares cleared in it, or the forest left
    at its end."""

    year: int
    measure: Literal["cleared", "forest"]
    ha: float


@dataclass(frozen=True)
class ScenarioInputs:
    """How one scenario clears forest: observed years first, then its rate (one, or by period)
    where observations stop."""

    rates: tuple[RateInputs, ...] = ()
    observed: tuple[Observation, ...] = ()
    observed_scale: Value | None = None  # a factor on every observed year, with its spread


@dataclass(frozen=True)
class BurningInputs:
    """Biomass burned on clearing, for its CH4 and N2O (factors/fire.yaml)."""

    burned_pct: Value  # share of the cleared above-ground biomass burned, %
    combustion_factor: float
    ch4_g_per_kg: float  # emission factors, g per kg of dry matter burned
    n2o_g_per_kg: float
    gwp_ch4: float  # 100-year GWPs of the chosen assessment
    gwp_n2o: float
    carbon_fraction: float  # for pools not given in dry matter
    how: str  # the factors' and GWPs' sources, for the reader
    emission_factors: str = "gfed4"  # the table's name, or "own" for the file's own factors
    gwp_edition: str = ""  # the IPCC assessment the GWPs are from (ar4, ar5, ar6)


@dataclass(frozen=True)
class DeforestationInputs:
    baseline: ScenarioInputs
    project_rate: ScenarioInputs | None  # the project's own rates or observations, and/or
    reduction_pct: Value | None  # a reduction of the baseline rate, in %, where not observed
    residual: Value  # carbon left on cleared land, in residual_unit
    residual_unit: str
    residual_carbon_fraction: Value | None = None
    counterfactual: ScenarioInputs | None = None  # matched controls, for an ex-post comparison
    burning: BurningInputs | None = None
    # where the counterfactual comes from when it is not the file's own: the bundled evidence
    # set's evaluation of the project's registry id (carboncalc.core.evidence)
    counterfactual_source: str | None = None


@dataclass(frozen=True)
class Deduction:
    """One deduction of the credit waterfall: its share in % and where it comes from."""

    pct: Value
    how: str


@dataclass(frozen=True)
class Band:
    """A row of a conservativeness table: deduction for a half-width up to ``up_to_pct``."""

    up_to_pct: float | None  # inclusive upper bound; None for the last, unbounded band
    deduction_pct: float


# What a non-permanence buffer is a share of: the net reductions (after leakage and the
# uncertainty deduction), the gross avoided emissions, or their change in carbon stocks only
# (gross avoided emissions less the CH4 and N2O from burning).
BufferBase = Literal["net", "gross", "stock_change"]


@dataclass(frozen=True)
class RuleSet:
    """How a standard turns avoided emissions into credits (factors/rules.yaml)."""

    name: str  # fcpf, vcs, art-trees
    label: str
    uncertainty_rule: Literal["bands", "excess_over", "art_trees"]
    threshold_pct: float | None  # for excess_over
    uncertainty_base: Literal["after_leakage", "gross"]  # what the deduction is a share of
    buffer_base: BufferBase  # what the buffer is a share of
    uncertainty_source: str
    buffer_source: str
    # whose buffer a loss is cancelled from: the project's own account, or one pooled over the
    # standard's projects (a loss beyond the project's deposits is then the pool's)
    buffer_account: Literal["project", "pooled"] = "project"
    # the standard's route for credits issued in excess, and its source: (rule, source)
    excess_route: tuple[str, str] | None = None
    # the rules with one form in the core so far, stated with their sources: (what, rule, source)
    other_rules: tuple[tuple[str, str, str], ...] = ()
    # where the rule set takes the uncertainty deduction per year (each vintage's from its own
    # half-width), the source of that rule; None: one deduction for the whole period
    uncertainty_per_year_source: str | None = None


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, with the label its vintage shows (a monitoring
    period, a calendar year, a projection year)."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class LedgerLine:
    """One vintage of a registry's issuance record (credits, whole tonnes)."""

    vintage: int
    issued: int
    retired: int
    cancelled: int
    retired_by: tuple[tuple[str, int], ...] = ()  # (beneficiary, credits), where named

    @property
    def active(self) -> int:
        return self.issued - self.retired - self.cancelled


@dataclass(frozen=True)
class RegistryTransaction:
    """One row of a registry's export: credits issued, retired or cancelled for a vintage,
    whose first and last days are the registry's (a whole year where it gives only the year)."""

    kind: Literal["issuance", "retirement", "cancellation"]
    quantity: int
    vintage_start: dt.date
    vintage_end: dt.date
    beneficiary: str | None = None
    issued: bool = True  # the row's credits count as issued too (a Verra block of issued units)


@dataclass(frozen=True)
class LedgerPool:
    """A pooled buffer account's size on a day, with its source (the file's)."""

    credits: int
    as_of: dt.date
    source: str | None


@dataclass(frozen=True)
class CreditInputs:
    leakage: Deduction  # the file's, or the methodology's pooled default
    uncertainty: Deduction | None  # fixed in the file; None: from Monte Carlo through `bands`
    buffer: Deduction
    bands: tuple[Band, ...]  # the conservativeness table, ordered
    bands_title: str  # its source, for the reader
    rules: RuleSet
    price_usd_per_tco2e: Value | None = None
    discount_rate_pct: Value | None = None
    monitoring_periods: tuple[Period, ...] = ()  # in order, inside the accounting period
    ledger: tuple[LedgerLine, ...] = ()  # a registry's record, by vintage year
    ledger_source: str | None = None
    ledger_pool: LedgerPool | None = None


@dataclass(frozen=True)
class ClaimInputs:
    """A figure a source states, which carboncalc recomputes from the other inputs."""

    id: str
    measure: str  # stock, area, avoided_emissions, avoided_emissions_per_yr, vehicles_per_yr
    figure: Value  # as published, in `unit`; a range where the source gives one
    unit: str
    pool: str = "all"  # for a stock claim
    years: tuple[int, int] | None = None  # first and last projection year it covers
    basis: str | None = None  # for an equivalence claim: the claim whose tonnes it converts
    factors: str | None = None  # the equivalence factor version the claim appears to use
    over_yr: int | None = None  # years an equivalence is spread over
    tolerance_pct: float | None = None  # None: the published precision
    # the verdict the file expects (only "fails" for now) and why; None: none expected
    expect_verdict: str | None = None
    expect_reason: str | None = None
    line: int | None = None  # where the claim starts in its file (its `- id:` line), 1-based
    column: int | None = None


@dataclass(frozen=True)
class FossilInputs:
    """Fossil fuel kept in the ground, in `unit` (bbl, Mcf, short ton, or t/Mt/Gt CO2)."""

    kind: str  # oil, gas, coal or co2
    quantity: Value
    unit: str
    description: str | None = None
    factor_tco2_per_unit: float | None = None  # the file's own factor, where it gives one


@dataclass(frozen=True)
class ProjectInputs:
    """Everything the core computes a project from."""

    area: Value
    area_unit: str
    pools: tuple[PoolInputs, ...]  # in file order
    forest_area: Value | None = None  # the forest at the start, where smaller than the area
    forest_area_unit: str | None = None
    deforestation: DeforestationInputs | None = None
    first_year: int | None = None  # of the accounting period
    years: int | None = None
    start: dt.date | None = None  # the accounting period's first day
    credits: CreditInputs | None = None
    claims: tuple[ClaimInputs, ...] = ()
    fossil: tuple[FossilInputs, ...] = ()
    values: tuple[Value, ...] = ()  # every input of the file with a value, in file order
    assumed: tuple[str, ...] = ()  # field paths of inputs marked as assumptions, in file order
    # the equivalence factor edition the file chooses: a version, or a file beside it (read by
    # the file side where the equivalents are shown)
    equivalents_factors: str | None = None

    @property
    def has_emissions(self) -> bool:
        return self.deforestation is not None and self.years is not None

    def uncertain(self) -> tuple[Value, ...]:
        """Every input with a spread (a range or an sd), in file order: what Monte Carlo draws."""
        return tuple(v for v in self.values if v.has_range)


@dataclass(frozen=True)
class Provenance:
    """Where a file's values come from, as the tables show them (the core never reads it):
    each cited value's source id and whether it is an assumption, by field path; each source's
    short text, in file order; each claim's qualifier ("over", "nearly")."""

    cited: tuple[tuple[str, str | None, bool], ...] = ()  # (field path, source id, assumption)
    sources: tuple[tuple[str, str], ...] = ()  # (source id, "publisher: title (year)")
    qualifiers: tuple[tuple[str, str], ...] = ()  # (claim id, qualifier)

    def citation(self, path: str) -> str:
        """The short citation of the value at ``path``: its source id, and ASSUMPTION."""
        for at, source, assumed in self.cited:
            if at == path:
                return ", ".join(x for x in (source, "ASSUMPTION" if assumed else None) if x)
        return ""

    def source_of(self, path: str) -> str | None:
        return next((source for at, source, _ in self.cited if at == path), None)

    def qualifier(self, claim_id: str) -> str | None:
        return next((q for cid, q in self.qualifiers if cid == claim_id), None)


# --- reference tables, as the core sees them --------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """Where a reference table or one of its versions comes from."""

    title: str
    publisher: str | None = None
    year: int | None = None
    url: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, str | int]:
        """The fields that are given, in order."""
        fields = (("title", self.title), ("publisher", self.publisher), ("year", self.year),
                  ("url", self.url), ("note", self.note))  # fmt: skip
        return {k: v for k, v in fields if v is not None}


@dataclass(frozen=True)
class VehicleFactorInputs:
    """The published inputs of a vehicle-year factor (EPA's method), from which carboncalc
    computes it (:func:`carboncalc.core.equivalents.vehicle_factor`)."""

    tco2_per_gallon: float  # CO2 per gallon of gasoline burned, t
    miles_per_yr: float  # miles driven per vehicle and year
    miles_per_gallon: float  # the fleet's fuel economy
    co2_fraction_of_co2e: float  # CO2's share of the vehicle's CO2e (CH4, N2O the rest), 0..1


@dataclass(frozen=True)
class Factor:
    """An everyday equivalent: t CO2e per unit (per unit-year where the unit ends in /yr).
    ``value``: as the source states it (None: computed from ``inputs``)."""

    label: str
    value: float | None
    unit: str
    inputs: VehicleFactorInputs | None = None
    note: str | None = None  # the source's wording, or why a stated value and its inputs differ


@dataclass(frozen=True)
class FactorVersion:
    label: str
    source: Citation
    factors: Mapping[str, Factor]


@dataclass(frozen=True)
class FactorTable:
    """The versioned equivalence factors; ``current`` names the version used by default."""

    current: str
    versions: Mapping[str, FactorVersion]
