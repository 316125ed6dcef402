"""The building blocks of a project file: a value with its unit, range and source, and the
bounds every number must keep.

Units are in the names or in an explicit ``unit`` field whose allowed values the schema lists.
Unknown keys are rejected, numbers must be numbers (not text or yes/no), finite and within
the stated bounds. :mod:`carboncalc.files.model` builds the project file's sections from these.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic import Strict as StrictType

from carboncalc.core.inputs import Z_95, Value
from carboncalc.files.placeholders import placeholder_field
from carboncalc.units import AREA_HA, C_TO_CO2, MASS_PREFIX_T, PERCENT, split_density_unit

Distribution = Literal["uniform", "triangular", "normal", "lognormal"]


# --- how large a number may be ---------------------------------------------------------------
# Bounds that keep every result finite and catch typing slips. They are carboncalc's own
# validation limits, not factors from a source: each says why it is safely beyond any real value.

# Any number in a file: zero, or between 1e-9 and 1e15 in magnitude. Below 1e-9 no input of a
# forest-carbon project means anything (and subnormal numbers turn sums into 0 and ratios into
# inf); above 1e15 no count, tonnage or price does (all the carbon in the world's forests is
# 662 Gt C, FAO FRA 2020 Key findings: 6.6e11 t C).
MIN_MAGNITUDE = 1e-9
MAX_MAGNITUDE = 1e15
# An area is at most the Earth's land, about 148.9 million km2 (1.489e10 ha).
MAX_AREA_HA = 1.49e10
# A carbon density is at most 10,000 t C/ha in any pool and in all pools together: the densest
# forest measured holds 1,867 t C/ha in living biomass (Keith, Mackey & Lindenmayer 2009, PNAS
# 106: 11635, mountain ash), and 20 m of tropical peat about 10,000 t C/ha.
MAX_DENSITY_TC_PER_HA = 10_000.0
# A whole-area stock is at most 1,000 Gt C, above all the carbon in the world's forests.
MAX_STOCK_TC = 1e12
# Carbon fraction of dry matter: between 0.3 and 0.7. Wood is 0.43-0.55 (IPCC 2006 Vol. 4 Table
# 4.3); cellulose is 0.44 and lignin about 0.63-0.66 carbon by mass, so no plant matter lies
# outside 0.3-0.7.
CARBON_FRACTION_RANGE = (0.3, 0.7)
# A year a projection labels: 1800 to 2300, wide of any accounting period and of any record.
FIRST_YEAR, LAST_YEAR = 1800, 2300


def year_number(text: str) -> int | None:
    """The year ``text`` writes in ASCII digits (``02010`` is 2010), or None where it writes no
    year from FIRST_YEAR to LAST_YEAR (``２０１０``, ``1700``); the length is checked first, so a
    5,000-digit text is never converted."""
    digits = text.lstrip("0")
    if not (text.isascii() and text.isdigit()) or len(digits) > len(str(LAST_YEAR)):
        return None
    year = int(digits or "0")
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


# Numbers are numbers: a boolean (`true`) or quoted text ("182000") is refused, not converted.
Number = Annotated[float, StrictType()]
Count = Annotated[int, StrictType()]


SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
SOURCE_ID_MAX = 80
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID_PATTERN, max_length=SOURCE_ID_MAX)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
PoolName = Literal["above_ground", "below_ground", "dead_wood", "litter", "soil", "all_pools"]

AreaUnit = Literal["ha", "acre", "km2"]
DensityUnit = Literal[
    "t C/ha", "t CO2/ha", "t dm/ha",
    "t C/acre", "t CO2/acre", "t dm/acre",
    "t C/km2", "t CO2/km2", "t dm/km2",
]  # fmt: skip
StockUnit = Literal["t C", "kt C", "Mt C", "Gt C", "t CO2", "kt CO2", "Mt CO2", "Gt CO2"]
PoolUnit = Literal[DensityUnit, StockUnit]  # one Literal, so a wrong unit is one message
RateUnit = Literal["%/yr", "ha/yr", "acre/yr", "km2/yr"]
FossilUnit = Literal["bbl", "Mcf", "short ton", "t CO2", "Mt CO2", "Gt CO2"]
ClaimMeasure = Literal[
    "stock", "area", "avoided_emissions", "avoided_emissions_per_yr", "vehicles_per_yr"
]


class Strict(BaseModel):
    """Base for every model: unknown keys rejected, numbers finite, values immutable.

    ``defer_build``: pydantic compiles one validator for the model validated (Project) on first
    use, instead of one per class at import; start-up is part of the interface.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, defer_build=True)

    @model_validator(mode="after")
    def _magnitudes(self) -> Self:
        """Every number of the model is 0 or within MIN_MAGNITUDE..MAX_MAGNITUDE."""
        for name, x in self.__dict__.items():
            if isinstance(x, float) and x != 0 and not MIN_MAGNITUDE <= abs(x) <= MAX_MAGNITUDE:
                raise ValueError(
                    f"`{name}` {x!r} is out of the range carboncalc accepts: 0, or 1e-9 to 1e15 "
                    "in magnitude"
                )
        return self


class Source(Strict):
    """A publication that values in the file cite by its id."""

    title: str
    publisher: str | None = None
    year: Count | None = Field(default=None, ge=1800, le=2100)
    url: str | None = None
    note: str | None = Field(default=None, description="Table, page or section cited.")


class Cited(Strict):
    """A value's provenance: the source it comes from, or that it is an assumption."""

    source: SourceId | None = Field(default=None, description="Id of an entry in `sources`.")
    assumption: bool = Field(
        default=False,
        description="True when the value is not stated by a source for this project "
        "(an IPCC default, a value back-calculated from a published figure, a what-if).",
    )
    note: str | None = None
    placeholder: bool | None = placeholder_field()

    def _cites_elsewhere(self) -> bool:
        """True where the value's provenance is carried by a nested value instead."""
        return False

    @model_validator(mode="after")
    def _cited(self) -> Cited:
        if self.source is None and not self.assumption and not self._cites_elsewhere():
            raise ValueError("cite a `source`, or mark the value `assumption: true` with a note")
        return self


class Ranged(Cited):
    """A value, or a low-high range from a source, or both."""

    value: Number | None = Field(default=None, description="Central value (the mean, with sd).")
    low: Number | None = Field(default=None, description="Low end of a published range.")
    high: Number | None = Field(default=None, description="High end of a published range.")
    sd: Number | None = Field(
        default=None, ge=0, description="Standard deviation, for a normal or lognormal value."
    )
    distribution: Distribution | None = Field(
        default=None,
        description="How the value is spread, for `carboncalc uncertainty`: uniform (the "
        "default for a range) or triangular (peak at `value`) between low and high; normal "
        "(the default with sd) or lognormal, with mean `value` and sd.",
    )

    @model_validator(mode="after")
    def _range(self) -> Ranged:
        if self._cites_elsewhere():
            return self
        if self.sd is not None or self.distribution in ("normal", "lognormal"):
            if self.value is None or self.sd is None:
                raise ValueError("a normal or lognormal value needs a `value` (mean) and `sd`")
            if self.distribution in ("uniform", "triangular"):
                raise ValueError(f"a {self.distribution} value takes `low` and `high`, not `sd`")
            if self.distribution == "lognormal" and self.value <= 0:
                raise ValueError("a lognormal value needs a `value` (mean) above 0")
            return self
        if self.distribution in ("uniform", "triangular") and self.low is None:
            raise ValueError(f"a {self.distribution} value needs `low` and `high`")
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("give a `value`, or both `low` and `high`")
        if (self.low is None) != (self.high is None):
            raise ValueError("give both `low` and `high`, or neither")
        if self.low is not None and self.high is not None:
            if self.low > self.high:
                raise ValueError(f"`low` ({self.low:g}) is above `high` ({self.high:g})")
            if self.value is not None and not self.low <= self.value <= self.high:
                raise ValueError(
                    f"`value` ({self.value:g}) is outside `low`-`high` ({self.low:g}-{self.high:g})"
                )
        return self

    @property
    def spread(self) -> Value:
        """The value as the core sees it: value, range or sd (see :class:`inputs.Value`)."""
        return Value("", self.value, self.low, self.high, self.sd, self.distribution)

    @property
    def has_range(self) -> bool:
        """True when the value is uncertain: a low-high range, or a standard deviation."""
        return self.spread.has_range

    @property
    def central(self) -> float:
        """The value; where a source gives only a range, its midpoint."""
        return self.spread.central

    def numbers(self) -> Iterator[tuple[str, float]]:
        """The value, the range's ends and, for a spread given by an sd, its 95th percentile:
        everything a bound must hold for, since Monte Carlo draws from the spread."""
        for name in ("value", "low", "high"):
            number = getattr(self, name)
            if number is not None:
                yield name, number
        if (
            self.sd
            and self.value is not None
            and (self.value > 0 or self.distribution != "lognormal")
        ):
            spread = Value("", self.value, sd=self.sd, distribution=self.distribution)
            yield "sd", spread.percentile(Z_95)


def check_bounds(q: Ranged, *, lo: float, hi: float, what: str, hint: str = "") -> None:
    for name, number in q.numbers():
        if not lo <= number <= hi:
            if name == "sd":
                raise ValueError(
                    f"`sd` {q.sd:g} puts the 95th percentile at {number:g}, which is not "
                    f"{what}{hint}"
                )
            raise ValueError(f"`{name}` {number:g} is not {what}{hint}")


class Area(Ranged):
    """Area of the project (forest at the start of the period)."""

    unit: AreaUnit = Field(
        description="ha, acre (international, 0.40468564224 ha) or km2. Above 0 and at most "
        "the Earth's land area (1.49e10 ha)."
    )

    @model_validator(mode="after")
    def _area(self) -> Area:
        per_ha = AREA_HA[self.unit]
        check_bounds(
            self,
            lo=MIN_MAGNITUDE,
            hi=MAX_AREA_HA / per_ha,
            what=f"an area above 0 and at most the Earth's land "
            f"({MAX_AREA_HA / per_ha:,.0f} {self.unit})",
        )
        return self


class Fraction(Ranged):
    """A share between 0 and 1 (not a percentage)."""

    @model_validator(mode="after")
    def _fraction(self) -> Fraction:
        check_bounds(
            self,
            lo=0.0,
            hi=1.0,
            what="a fraction between 0 and 1",
            hint=" (write a percentage such as 47 % as 0.47)",
        )
        return self


class CarbonFraction(Fraction):
    """Carbon fraction of dry matter, between 0.3 and 0.7 (see CARBON_FRACTION_RANGE)."""

    @model_validator(mode="after")
    def _plant_matter(self) -> CarbonFraction:
        lo, hi = CARBON_FRACTION_RANGE
        check_bounds(self, lo=lo, hi=hi, what=f"a carbon fraction of plant matter ({lo}-{hi})")
        return self


def _check_density(q: Ranged, unit: str, carbon_fraction: Ranged | None) -> None:
    """Every number of a density, in t C/ha, at most MAX_DENSITY_TC_PER_HA."""
    substance, area_unit = split_density_unit(unit)
    to_tc = {"C": 1.0, "CO2": 1 / C_TO_CO2, "dm": carbon_fraction.central if carbon_fraction else 1}
    limit = MAX_DENSITY_TC_PER_HA * AREA_HA[area_unit] / to_tc[substance]
    check_bounds(
        q,
        lo=0.0,
        hi=limit,
        what=f"a density from 0 to {limit:,.0f} {unit} "
        f"(no forest holds more than {MAX_DENSITY_TC_PER_HA:,.0f} t C/ha)",
    )


def _check_stock(q: Ranged, unit: str) -> None:
    prefix, substance = unit.split()
    to_tc = MASS_PREFIX_T[prefix] / (C_TO_CO2 if substance == "CO2" else 1.0)
    limit = MAX_STOCK_TC / to_tc
    check_bounds(
        q,
        lo=0.0,
        hi=limit,
        what=f"a stock from 0 to {limit:,.0f} {unit} (1,000 Gt C, above all the world's forests)",
    )


class Ratio(Ranged):
    """A non-negative ratio, such as root-to-shoot."""

    @model_validator(mode="after")
    def _non_negative(self) -> Ratio:
        check_bounds(self, lo=0.0, hi=math.inf, what="a non-negative ratio")
        return self


class Percent(Ranged):
    """A percentage, 0 to 100."""

    unit: Literal["%"] = "%"

    @model_validator(mode="after")
    def _percent(self) -> Percent:
        check_bounds(self, lo=0.0, hi=100.0, what="a percentage between 0 and 100")
        return self


class Density(Ranged):
    """A carbon density per unit area."""

    unit: DensityUnit = Field(
        description="t C, t CO2 or t dm (dry matter, with a carbon_fraction) per ha, acre or km2."
    )
    carbon_fraction: CarbonFraction | None = Field(
        default=None, description="Carbon fraction of dry matter, for units in t dm."
    )

    @model_validator(mode="after")
    def _density(self) -> Density:
        substance, _ = split_density_unit(self.unit)
        if substance == "dm" and self.carbon_fraction is None:
            raise ValueError(f"a density in {self.unit!r} needs a `carbon_fraction`")
        if substance != "dm" and self.carbon_fraction is not None:
            raise ValueError(f"`carbon_fraction` applies to dry matter, not to {self.unit!r}")
        _check_density(self, self.unit, self.carbon_fraction)
        return self


class Release(Cited):
    """How a pool's carbon leaves after clearing: linearly over `years` (1: at once), less a
    share that remains."""

    years: Count = Field(ge=1, le=100, description="Years over which the carbon leaves.")
    remaining: Number = Field(
        default=0.0, ge=0, le=1,
        description="Share of the pool that stays (the long-term average stock of the land use "
        "that follows), 0-1.",
    )  # fmt: skip


class Pool(Ranged):
    """Carbon in one pool: a density, a stock for the whole area, or (below ground) a
    root-to-shoot ratio applied to the above-ground pool."""

    unit: PoolUnit | None = Field(
        default=None,
        description="A density (t C/ha, t CO2/ha, t dm/ha, per acre or km2) or a stock for the "
        "whole area (t C, Mt CO2, ...), from which the density follows.",
    )
    carbon_fraction: CarbonFraction | None = None
    root_to_shoot: Ratio | None = Field(
        default=None, description="Below-ground biomass as a ratio of above-ground biomass."
    )
    release: Release | Literal["default"] | None = Field(
        default=None,
        description="How the pool's carbon leaves after clearing: at once (the default), "
        "linearly over `years` with a share `remaining`, or `default`: carboncalc's table "
        "(below_ground 10 years, soil 20 years, as VM0015 applications commonly use: an "
        "assumption).",
    )

    def _cites_elsewhere(self) -> bool:
        return self.root_to_shoot is not None

    @model_validator(mode="after")
    def _pool(self) -> Pool:
        if self.root_to_shoot is not None:
            if any(n is not None for n in (self.value, self.low, self.high, self.unit)):
                raise ValueError(
                    "give either a `value` with a `unit`, or a `root_to_shoot`, not both"
                )
            return self
        if self.unit is None:
            raise ValueError("a pool with a `value` needs a `unit`")
        is_dm = self.unit.startswith("t dm")
        if is_dm and self.carbon_fraction is None:
            raise ValueError(f"a density in {self.unit!r} needs a `carbon_fraction`")
        if not is_dm and self.carbon_fraction is not None:
            raise ValueError(f"`carbon_fraction` applies to dry matter, not to {self.unit!r}")
        if self.is_stock:
            _check_stock(self, self.unit)
        else:
            _check_density(self, self.unit, self.carbon_fraction)
        return self

    @property
    def is_stock(self) -> bool:
        """True when the value is a stock for the whole area rather than a density."""
        return self.unit is not None and "/" not in self.unit


class ObservedArea(Strict):
    """A forest area observed in a year."""

    year: Count = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    area: Number = Field(gt=0, description="Forest area, in `from_areas.unit`.")


class FromAreas(Strict):
    """Two observed forest areas from which a rate is derived (Puyravaud 2003)."""

    first: ObservedArea
    last: ObservedArea
    unit: AreaUnit = "ha"

    @model_validator(mode="after")
    def _order(self) -> FromAreas:
        if self.last.year <= self.first.year:
            raise ValueError(f"`last` ({self.last.year}) must be after `first` ({self.first.year})")
        return self


class Rate(Ranged):
    """A deforestation rate."""

    unit: RateUnit = Field(description="%/yr (see basis), or a fixed area: ha/yr, acre/yr, km2/yr.")
    basis: Literal["remaining", "initial"] = Field(
        default="remaining",
        description="For %/yr: `remaining` = share of the forest left at the start of each "
        "year (compound, FAO annual rate); `initial` = share of the initial area (linear).",
    )
    from_areas: FromAreas | None = Field(
        default=None,
        description="Derive the rate from two observed forest areas instead of typing it: "
        "-q (FAO annual rate) for basis remaining, the linear rate for basis initial, the area "
        "lost per year for ha/yr (carboncalc rates shows all three).",
    )

    @model_validator(mode="before")
    @classmethod
    def _derive(cls, data: object) -> object:
        """Where `from_areas` is given (and well formed), the value follows from it."""
        if not (isinstance(data, dict) and isinstance(data.get("from_areas"), dict)):
            return data
        if any(k in data for k in ("value", "low", "high", "sd")):
            raise ValueError("give the rate's `value` or `from_areas`, not both")
        try:
            found = FromAreas.model_validate(data["from_areas"])
        except ValueError:
            return data  # the field's own validation reports it, at its line
        from carboncalc.core.rates import area_change

        per_ha = AREA_HA[found.unit]
        change = area_change(found.first.area * per_ha, found.last.area * per_ha,
                             found.last.year - found.first.year)  # fmt: skip
        unit = data.get("unit")
        if unit == "%/yr":
            loss = -(change.linear if data.get("basis") == "initial" else change.fao_q) * PERCENT
        elif isinstance(unit, str) and unit.removesuffix("/yr") in AREA_HA:
            loss = -change.ha_per_yr / AREA_HA[unit.removesuffix("/yr")]
        else:
            return data  # the unit's own validation reports it
        if loss < 0:
            raise ValueError(
                f"the forest grew from {found.first.area:,g} to {found.last.area:,g} "
                f"{found.unit}: no deforestation rate follows from these areas"
            )
        return {**data, "value": loss}

    @model_validator(mode="after")
    def _rate(self) -> Rate:
        if self.unit == "%/yr":
            check_bounds(self, lo=0.0, hi=100.0, what="a rate between 0 and 100 %/yr")
        else:
            area_unit = self.unit.removesuffix("/yr")
            limit = MAX_AREA_HA / AREA_HA[area_unit]
            check_bounds(
                self,
                lo=0.0,
                hi=limit,
                what=f"an area per year from 0 to the Earth's land ({limit:,.0f} {self.unit})",
            )
        return self
