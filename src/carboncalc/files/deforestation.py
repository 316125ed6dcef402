"""Pydantic models of a project file's `deforestation` section: the baseline, the project and
the counterfactual scenarios (a rate, rates by period or observations), burning, and the years
a rate holds. The rest of the file is :mod:`carboncalc.files.model`.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from carboncalc.errors import quote
from carboncalc.files.quantities import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_AREA_HA,
    MIN_MAGNITUDE,
    AreaUnit,
    Cited,
    Count,
    Density,
    Number,
    Percent,
    Ranged,
    Rate,
    Strict,
    year_number,
)
from carboncalc.units import AREA_HA


class YearRange(Strict):
    """A range of years, both ends included, labelled as in the projection."""

    first: Count = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    last: Count = Field(ge=FIRST_YEAR, le=LAST_YEAR)

    @model_validator(mode="after")
    def _order(self) -> YearRange:
        if self.last < self.first:
            raise ValueError(f"the range ends ({self.last}) before it starts ({self.first})")
        return self

    @property
    def years(self) -> int:
        return self.last - self.first + 1


class RatePeriod(Rate):
    """A deforestation rate for some years of the period."""

    years: YearRange = Field(description="The years this rate holds, both ends included.")


class ObservedScale(Ranged):
    """A factor on a series of observed values [-], with its range."""

    @model_validator(mode="after")
    def _positive(self) -> ObservedScale:
        for name, number in self.numbers():
            if not 0 <= number <= 100:
                raise ValueError(f"a scale's {name} of {number:g}: give factors from 0 to 100")
        return self


class Observed(Cited):
    """Forest loss observed year by year (satellite monitoring, a field survey)."""

    @property
    def by_year(self) -> dict[int, float]:
        """The observations by year, in order."""
        return {int(year): area for year, area in sorted(self.values.items())}

    measure: Literal["cleared", "forest"] = Field(
        default="cleared",
        description="cleared: area cleared in each year; forest: forest left at each year's end.",
    )
    unit: AreaUnit = Field(default="ha", description="ha, acre or km2.")
    values: dict[str, Number] = Field(
        default_factory=dict,
        description="Year (as the projection labels it) -> area, e.g. {2009: 512.0}.",
    )
    file: str | None = Field(
        default=None,
        description="A CSV file next to the project file, with columns `year` and `value` "
        "(or `cleared_ha`, `forest_ha`, ... naming measure and unit), read into `values`.",
    )
    scale: ObservedScale | None = Field(
        default=None,
        description="A factor on every observed value, with its range, for the uncertainty of "
        "a modelled series (a matched counterfactual's spread over its repeats): `value` 1, "
        "`low` and `high` from the repeats. Measure `cleared` only.",
    )

    @model_validator(mode="after")
    def _observed(self) -> Observed:
        if not self.values:
            raise ValueError("give the observed `values` (year: area), or a CSV `file`")
        if self.scale is not None and self.measure != "cleared":
            raise ValueError("a `scale` applies to areas cleared, not to forest left")
        years: set[int] = set()
        for year, area in self.values.items():
            number = year_number(year)
            if number is None:
                raise ValueError(f"{quote(year)} is not a year from {FIRST_YEAR} to {LAST_YEAR}")
            if number in years:
                raise ValueError(f"{quote(year)}: the year {number} is given twice")
            years.add(number)
            if not 0 <= area * AREA_HA[self.unit] <= MAX_AREA_HA:
                raise ValueError(f"{year}: {area:g} {self.unit} is not an area from 0 to the "
                                 "Earth's land")  # fmt: skip
            if 0 < area < MIN_MAGNITUDE:
                raise ValueError(f"{year}: {area!r} is out of the range carboncalc accepts: 0, "
                                 "or 1e-9 to 1e15 in magnitude")  # fmt: skip
        return self


class Baseline(Strict):
    """Deforestation without the project (or in matched controls): one rate, rates by period,
    or observations, continued by a rate where they stop."""

    rate: Rate | None = None
    rates: list[RatePeriod] | None = Field(
        default=None, min_length=1, description="Rates that change: each with its `years`."
    )
    observed: Observed | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> Baseline:
        if self.rate is not None and self.rates is not None:
            raise ValueError("give one `rate` or `rates` by period, not both")
        if self.rate is None and self.rates is None and self.observed is None:
            raise ValueError("give a `rate`, `rates` by period, or `observed` forest loss")
        check_periods(self.rates)
        return self


def check_periods(rates: list[RatePeriod] | None) -> None:
    """Rate periods are in order and do not overlap."""
    for before, after in pairwise(rates or []):
        if after.years.first <= before.years.last:
            raise ValueError(
                f"rate periods overlap or are out of order: {after.years.first}-"
                f"{after.years.last} starts before {before.years.last} ends"
            )


class ProjectScenario(Strict):
    """Deforestation with the project: its own rate(s) or observations, or a reduction relative
    to the baseline."""

    rate: Rate | None = None
    rates: list[RatePeriod] | None = Field(
        default=None, min_length=1, description="Rates that change: each with its `years`."
    )
    observed: Observed | None = None
    reduction: Percent | None = Field(
        default=None, description="Reduction of the baseline rate, in %: 75 means a quarter of it."
    )

    @model_validator(mode="after")
    def _one(self) -> ProjectScenario:
        given = [k for k in ("rate", "rates", "reduction") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give the project one of `rate`, `rates` or `reduction`, not "
                             f"{' and '.join(given)}")  # fmt: skip
        if not given and self.observed is None:
            raise ValueError(
                "give the project either a `rate` or a `reduction` (or `rates` by period, or "
                "`observed` forest loss)"
            )
        check_periods(self.rates)
        return self


# The named emission factor tables for burning in carboncalc's factors/fire.yaml (a test keeps
# the two the same).
EmissionFactorTable = Literal["gfed4", "ipcc-2006-table-2.5"]
EMISSION_FACTOR_TABLES: tuple[str, ...] = ("gfed4", "ipcc-2006-table-2.5")


class OwnEmissionFactors(Cited):
    """The project's own emission factors for burning, with the source they come from."""

    ch4_g_per_kg_dm: Number = Field(
        gt=0, le=1000, description="CH4 emitted per kg of dry matter burned, g."
    )
    n2o_g_per_kg_dm: Number = Field(
        ge=0, le=1000, description="N2O emitted per kg of dry matter burned, g."
    )

    @model_validator(mode="after")
    def _cited(self) -> OwnEmissionFactors:  # replaces Cited's: here a source is required
        # or, for factors no publication gives (a guess, a what-if from --set), an assumption
        # that says where they come from: shown as an assumption wherever they are used
        if self.source is None and not (self.assumption and (self.note or "").strip()):
            raise ValueError(
                "the file's own emission factors need a `source`: the id in `sources` of the "
                "publication (table, version, year) they come from; or, where no publication "
                "gives them, `assumption: true` with a `note` saying where they come from"
            )
        return self


def _factors_kind(given: object) -> str:
    """Which form of `emission_factors` a value is: a table's name, or the file's own."""
    return "table-name" if isinstance(given, str) else "own-factors"


# A table's name or the file's own factors, told apart by their form so that a problem is
# reported for the form given only. The tags are not identifiers, so that an error's location
# names the file's keys only (validation._data_loc).
EmissionFactors = Annotated[
    Annotated[EmissionFactorTable, Tag("table-name")]
    | Annotated[OwnEmissionFactors, Tag("own-factors")],
    Discriminator(_factors_kind),
]


class Burning(Cited):
    """Biomass burned when forest is cleared, for its CH4 and N2O (the CO2 is counted as the
    carbon pools' loss)."""

    burned: Percent = Field(description="Share of the cleared above-ground biomass burned, %.")
    combustion_factor: Number = Field(
        gt=0, le=1,
        description="Share of the biomass exposed to fire that burns (IPCC 2006 Vol. 4 "
        "Table 2.6), 0-1.",
    )  # fmt: skip
    gwp: Literal["ar4", "ar5", "ar6"] = Field(
        default="ar6", description="The IPCC assessment whose 100-year GWPs convert CH4 and N2O."
    )
    emission_factors: EmissionFactors | None = Field(
        default=None,
        description="The CH4 and N2O emission factors: gfed4 (GFED4, deforestation fires, "
        "van der Werf et al. 2017) or ipcc-2006-table-2.5 (IPCC 2006 Vol. 4 Table 2.5, tropical "
        "forest), or the file's own `ch4_g_per_kg_dm` and `n2o_g_per_kg_dm` with their `source`. "
        "Default: gfed4.",
    )

    @field_validator("emission_factors", mode="before")
    @classmethod
    def _known_table(cls, given: object) -> object:
        if isinstance(given, str) and given not in EMISSION_FACTOR_TABLES:
            raise ValueError(
                f"no emission factor table {quote(given)}: give "
                f"{' or '.join(EMISSION_FACTOR_TABLES)}, or the file's own `ch4_g_per_kg_dm` "
                "and `n2o_g_per_kg_dm` with their `source`"
            )
        return given


class Deforestation(Strict):
    """Deforestation under the baseline and under the project."""

    baseline: Baseline
    counterfactual: Baseline | None = Field(
        default=None,
        description="What happened in matched forests outside the project (an ex-post "
        "evaluation), for `carboncalc credits --baseline counterfactual`.",
    )
    project: ProjectScenario
    residual_carbon: Density = Field(
        description="Carbon left on cleared land (all pools counted in `carbon`): taken first "
        "from the pools released at once, the rest from the pools that decay, in proportion to "
        "what each releases."
    )
    burning: Burning | None = Field(
        default=None, description="Optional: CH4 and N2O from burning the cleared biomass."
    )
