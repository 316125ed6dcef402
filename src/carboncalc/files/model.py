"""Pydantic models of a project file: its sections and the whole project.

The values inside them (areas, densities, rates, shares, each with its unit, range and source)
are :mod:`carboncalc.files.quantities`. Checks that need the whole file (references to sources and
to claims, rates without a period) live in :func:`carboncalc.files.validation.whole_file_problems`,
which reads the raw data, so that each problem is reported on its own with its location.
"""

from __future__ import annotations

import datetime as dt
import math
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from carboncalc.files.deforestation import Baseline as Baseline
from carboncalc.files.deforestation import Burning as Burning
from carboncalc.files.deforestation import Deforestation as Deforestation
from carboncalc.files.deforestation import Observed as Observed
from carboncalc.files.deforestation import ProjectScenario as ProjectScenario
from carboncalc.files.deforestation import YearRange as YearRange
from carboncalc.files.placeholders import placeholder_field
from carboncalc.files.quantities import (
    Area,
    Cited,
    ClaimMeasure,
    Count,
    CountryCode,
    FossilUnit,
    Number,
    Percent,
    Pool,
    PoolName,
    Ranged,
    SourceId,
    Strict,
    check_bounds,
)
from carboncalc.files.quantities import Source as Source
from carboncalc.units import AREA_HA


def _year_as_name(given: object) -> object:
    """A factor version written as a bare year (`factors: 2009`) is the version named "2009"."""
    return str(given) if isinstance(given, int) and not isinstance(given, bool) else given


# The name of an equivalence factor version: text, or a year written without quotes.
FactorVersionName = Annotated[
    str,
    BeforeValidator(_year_as_name),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}),
]


class Carbon(Strict):
    """Carbon density by pool."""

    pools: dict[PoolName, Pool] = Field(min_length=1)

    @model_validator(mode="after")
    def _pools(self) -> Carbon:
        if "all_pools" in self.pools and len(self.pools) > 1:
            raise ValueError("`all_pools` is a density for every pool together: give no other pool")
        for name, pool in self.pools.items():
            if pool.root_to_shoot is not None and name != "below_ground":
                raise ValueError(f"`root_to_shoot` applies to `below_ground`, not to `{name}`")
            if pool.root_to_shoot is not None and "above_ground" not in self.pools:
                raise ValueError("`below_ground` from `root_to_shoot` needs an `above_ground` pool")
        return self


class Price(Ranged):
    """A carbon price."""

    unit: Literal["USD/t CO2e"] = "USD/t CO2e"

    @model_validator(mode="after")
    def _price(self) -> Price:
        check_bounds(self, lo=0.0, hi=math.inf, what="a non-negative price")
        return self


class MonitoringPeriod(Strict):
    """A monitoring period, as a registry reports it: its first and last days."""

    start: dt.date = Field(description="First day of the period, YYYY-MM-DD.")
    end: dt.date = Field(description="Last day of the period (included), YYYY-MM-DD.")
    source: SourceId | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> MonitoringPeriod:
        if self.end < self.start:
            raise ValueError(f"`end` ({self.end}) is before `start` ({self.start})")
        return self


class Retirement(Strict):
    """Credits of a vintage retired on behalf of one beneficiary, as the registry records it."""

    beneficiary: str = Field(min_length=1, max_length=500)
    retired: Count = Field(ge=1, le=10**15, description="Credits retired for the beneficiary.")


class LedgerEntry(Strict):
    """One vintage of a registry's record: credits issued, retired and cancelled."""

    vintage: Count = Field(ge=1900, le=2200, description="The vintage year.")
    issued: Count = Field(ge=0, le=10**15, description="Credits issued for the vintage.")
    retired: Count = Field(default=0, ge=0, le=10**15, description="Of them, retired.")
    cancelled: Count = Field(
        default=0, ge=0, le=10**15, description="Of them, cancelled (other than retired)."
    )
    active: Count | None = Field(
        default=None, ge=0, le=10**15,
        description="Of them, still active; where given, issued = retired + cancelled + active.",
    )  # fmt: skip
    retired_by: list[Retirement] = Field(
        default_factory=list,
        description="Of the retired, those the registry names a beneficiary for "
        "(`carboncalc ledger` writes them from a registry's export).",
    )

    @model_validator(mode="after")
    def _adds_up(self) -> LedgerEntry:
        used = self.retired + self.cancelled
        if used > self.issued:
            raise ValueError(
                f"the ledger does not add up: {self.retired:,} retired and {self.cancelled:,} "
                f"cancelled are more than the {self.issued:,} issued"
            )
        named = sum(r.retired for r in self.retired_by)
        if named > self.retired:
            raise ValueError(
                f"the ledger does not add up: {named:,} retired by named beneficiaries are more "
                f"than the {self.retired:,} retired"
            )
        if self.active is not None and used + self.active != self.issued:
            raise ValueError(
                f"the ledger does not add up: issued {self.issued:,} is not retired "
                f"{self.retired:,} + cancelled {self.cancelled:,} + active {self.active:,} "
                f"(= {used + self.active:,})"
            )
        return self


class PoolSize(Cited):
    """The size of a pooled buffer account on a day, to state excess credits against it."""

    credits: Count = Field(ge=1, le=10**15, description="Buffer credits the pool held.")
    as_of: dt.date = Field(description="The day the size is stated for, YYYY-MM-DD.")
    note: str | None = None


class Ledger(Strict):
    """A registry's issuance record, to check against the computed credits."""

    source: SourceId | None = None
    note: str | None = None
    entries: list[LedgerEntry] = Field(min_length=1)
    pool_size: PoolSize | None = Field(
        default=None,
        description="Where the rule set's buffer is pooled (vcs, art-trees): the pool's size on "
        "a day, with its source, so that `credits --ledger` states excess credits against it.",
    )

    @field_validator("entries")
    @classmethod
    def _one_per_vintage(cls, entries: list[LedgerEntry]) -> list[LedgerEntry]:
        seen: set[int] = set()
        for e in entries:
            if e.vintage in seen:
                raise ValueError(f"vintage {e.vintage} appears more than once")
            seen.add(e.vintage)
        return entries


class Credits(Strict):
    """From avoided emissions to credits: the deductions and the value."""

    rules: SourceId | None = Field(
        default=None,
        description="The credit rule set: fcpf, vcs or art-trees (carboncalc's rule sets;"
        " each rule names its source). Default: the rule set of the methodology's standard (VCS"
        " for VM0006, VM0007, VM0009, VM0015, VM0048), else fcpf. --rules NAME overrides it.",
    )
    leakage: Percent | None = Field(
        default=None,
        description="Share of avoided emissions displaced elsewhere, %. Default: the pooled "
        "value for the project's methodology (Haya et al. 2023, Table 3.4).",
    )
    uncertainty: Percent | None = Field(
        default=None,
        description="A fixed uncertainty deduction, %. Default: from the project's own Monte "
        "Carlo uncertainty through the rule set's uncertainty rule.",
    )
    buffer: Percent = Field(
        description="Share put in the non-permanence buffer, % (the VCS AFOLU Non-Permanence "
        "Risk Tool's result); of net or gross reductions, or of their change in carbon stocks "
        "only (without the CH4 and N2O from burning), as the rule set says."
    )
    price: Price | None = Field(default=None, description="Carbon price, USD per t CO2e.")
    discount_rate: Percent | None = Field(
        default=None, description="Discount rate for the present value of revenue, %/yr."
    )
    monitoring_periods: list[MonitoringPeriod] = Field(
        default_factory=list,
        description="Monitoring periods in order, inside the accounting period and not "
        "overlapping, for `carboncalc credits --vintages monitoring`.",
    )

    ledger: Ledger | None = Field(
        default=None,
        description="Credits issued, retired and cancelled by vintage, for `carboncalc credits "
        "--ledger`.",
    )

    @field_validator("monitoring_periods")
    @classmethod
    def _periods_in_order(cls, periods: list[MonitoringPeriod]) -> list[MonitoringPeriod]:
        for before, after in pairwise(periods):
            if after.start <= before.end:
                raise ValueError(
                    f"monitoring periods overlap or are out of order: {after.start} starts on "
                    f"or before {before.end}, the end of the one before"
                )
        return periods


class Period(Strict):
    """The accounting period."""

    start: dt.date = Field(description="First day of the accounting period, YYYY-MM-DD.")
    length_yr: Count = Field(ge=1, le=200, description="Length of the period in years.")
    source: SourceId | None = None
    note: str | None = None
    placeholder: bool | None = placeholder_field()

    @property
    def first_year(self) -> int:
        return self.start.year

    @property
    def last_year(self) -> int:
        return self.start.year + self.length_yr - 1


class FossilReserve(Ranged):
    """Fossil fuel kept in the ground."""

    kind: Literal["oil", "gas", "coal", "co2"]
    unit: FossilUnit = Field(
        description="oil: bbl; gas: Mcf; coal: short ton; co2: t CO2, Mt CO2 or Gt CO2."
    )
    description: str | None = None
    factor_tco2_per_unit: Number | None = Field(
        default=None,
        gt=0,
        description="t CO2 per unit of fuel; defaults to the EPA factor table (oil, coal).",
    )

    @model_validator(mode="after")
    def _kind_unit(self) -> FossilReserve:
        expected = {"oil": ("bbl",), "gas": ("Mcf",), "coal": ("short ton",)}.get(
            self.kind, ("t CO2", "Mt CO2", "Gt CO2")
        )
        if self.unit not in expected:
            raise ValueError(f"{self.kind} is measured in {' or '.join(expected)}, not {self.unit}")
        check_bounds(self, lo=0.0, hi=math.inf, what="a non-negative quantity")
        return self


class Expect(Strict):
    """A verdict the file expects of its claim, with why: a claim known to fail is then
    reported as an expected failure and does not fail ``carboncalc check`` (and one that holds
    does, until `expect` is removed)."""

    verdict: Literal["fails"] = Field(
        description="The verdict expected. Only `fails` is allowed for now: a claim known to fail."
    )
    reason: str = Field(
        min_length=1,
        max_length=2000,
        description="Why the claim fails, citing what is known (a publication, the file's own "
        "figures): shown beside the verdict.",
    )

    @field_validator("reason")
    @classmethod
    def _reason(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("give the reason the claim is expected to fail, not blank text")
        return text


class Claim(Ranged):
    """A figure a source states, which carboncalc recomputes from the inputs."""

    id: SourceId
    measure: ClaimMeasure
    unit: str = Field(
        description="stock: t C or t CO2 (with k, M, G prefixes); area: ha, acre, km2; "
        "avoided_emissions: t CO2e; avoided_emissions_per_yr: t CO2e/yr; vehicles_per_yr: vehicles."
    )
    pool: PoolName | Literal["all"] = Field(default="all", description="For a stock claim.")
    years: YearRange | None = Field(
        default=None, description="Years the claim covers (emissions and equivalence claims)."
    )
    basis: SourceId | None = Field(
        default=None,
        description="For an equivalence claim: the id of the claim whose tonnes it converts.",
    )
    factors: FactorVersionName | None = Field(
        default=None, description="Equivalence factor version the claim appears to use."
    )
    over_yr: Count | None = Field(
        default=None,
        ge=1,
        le=200,
        description="Equivalence claim: years the equivalent is spread over "
        "(defaults to the years of its basis).",
    )
    qualifier: str | None = Field(default=None, description='As published: "nearly", "over".')
    quote: str | None = None
    tolerance_pct: Number | None = Field(
        default=None,
        ge=0,
        description="How far carboncalc's figure may be from the claim, in % of the claim, for "
        "the claim to hold. Default: the published precision, half a unit in the last "
        "significant digit (3.8 billion: 1.3 %). Say why in `note` when you set it.",
    )
    expect: Expect | None = Field(
        default=None,
        description="A claim known to fail: `{verdict: fails, reason: ...}`. `carboncalc check` "
        "then reports it as an expected failure and still exits 0; if it holds, check fails "
        "(exit 1) until `expect` is removed. Only `fails` is allowed for now.",
    )

    @model_validator(mode="after")
    def _claim(self) -> Claim:
        allowed = CLAIM_UNITS[self.measure]
        if self.unit not in allowed:
            raise ValueError(
                f"a claim of {self.measure} is in one of {', '.join(allowed)}; got {self.unit!r}"
            )
        if self.measure == "vehicles_per_yr" and self.basis is None:
            raise ValueError("an equivalence claim needs a `basis`: the claim it converts")
        return self


CLAIM_UNITS: dict[str, tuple[str, ...]] = {
    "stock": ("t C", "kt C", "Mt C", "Gt C", "t CO2", "kt CO2", "Mt CO2", "Gt CO2"),
    "area": ("ha", "acre", "km2"),
    "avoided_emissions": ("t CO2e", "kt CO2e", "Mt CO2e", "Gt CO2e"),
    "avoided_emissions_per_yr": ("t CO2e/yr", "kt CO2e/yr", "Mt CO2e/yr"),
    "vehicles_per_yr": ("vehicles",),
}


class Note(Cited):
    """Another published fact worth showing."""

    text: str
    value: Number | None = None
    unit: str | None = None


class ProjectSource(Source):
    """A publication that values in the file cite by its id."""

    placeholder: bool | None = placeholder_field()


class Registry(Strict):
    name: str
    project_id: str | None = None
    url: str | None = None


class Boundary(Cited):
    """Where the project is on the ground, for `carboncalc observe`."""

    file: str = Field(
        description="A GeoJSON (.geojson, .json), KML (.kml) or shapefile (.shp, with its "
        ".prj) in the project file's folder, relative to it: the project's polygons, in "
        "longitude and latitude on WGS84, or in the coordinate system a GeoJSON `crs` member "
        "or the shapefile's .prj names.",
        min_length=1,
    )


class ReportBy(Strict):
    """Who a project's report is by, named at its end (`carboncalc report`)."""

    author: str | None = Field(default=None, min_length=1, description="A person's name.")
    organisation: str | None = Field(default=None, min_length=1)


class Scenario(Strict):
    """A named what-if: overrides written as for --set, applied before any --set."""

    description: str | None = None
    set: list[str] = Field(
        min_length=1,
        description='Overrides as FIELD=VALUE, e.g. "deforestation.baseline.rate=1%/yr".',
    )


class EquivalentsChoice(Strict):
    """The edition of the everyday-equivalence factors the project's equivalents use."""

    factors: FactorVersionName = Field(
        min_length=1,
        description="A version of carboncalc's EPA editions (2024, 2018, 2015, 2011, 2009, 2008), "
        "or a YAML file of your own in the project file's folder, named relative to it (label; "
        "source with title, publisher and year; factors). --factors on the command line wins.",
    )


class Project(Strict):
    """One forest-carbon project."""

    name: str
    countries: list[CountryCode] = Field(min_length=1, description="ISO 3166-1 alpha-2 codes.")
    region: str | None = None
    registry: Registry | None = None
    methodology: str | None = Field(default=None, description="e.g. VM0015")
    description: str | None = None
    sources: dict[SourceId, ProjectSource] = Field(default_factory=dict)
    area: Area
    boundary: Boundary | None = Field(
        default=None, description="The project's boundary on the ground, for `observe`."
    )
    forest_area: Area | None = Field(
        default=None,
        description="Forest at the start of the accounting period, where it is smaller than the "
        "project area; stock and clearing use it. Default: the project area.",
    )
    carbon: Carbon
    deforestation: Deforestation | None = None
    period: Period | None = None
    credits: Credits | None = None
    fossil_reserves: list[FossilReserve] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    equivalents: EquivalentsChoice | None = None
    notes: list[Note] = Field(default_factory=list)
    scenarios: dict[SourceId, Scenario] = Field(
        default_factory=dict, description="Named what-ifs, for --scenario NAME."
    )
    report: ReportBy | None = Field(
        default=None,
        description="Optional: the author and organisation `carboncalc report` names at the end "
        "of the report, with the date and the files it was made from.",
    )

    @field_validator("forest_area")
    @classmethod
    def _forest_within_area(cls, forest: Area | None, info: ValidationInfo) -> Area | None:
        area = info.data.get("area")
        if forest is not None and area is not None:
            forest_ha = forest.central * AREA_HA[forest.unit]
            if forest_ha > area.central * AREA_HA[area.unit] * (1 + 1e-12):
                raise ValueError(
                    f"the forest ({forest.central:,g} {forest.unit}) is larger than the project "
                    f"`area` ({area.central:,g} {area.unit})"
                )
        return forest
