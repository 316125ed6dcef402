"""Everyday equivalents of a quantity of CO2e, from a versioned factor table.

Notes
-----
For a factor f [t CO2e per unit] and an amount T [t CO2e] spread over Y years:

    per-year equivalents (vehicles driven for a year, homes' electricity):  n = T / Y / f
    one-off equivalents (gallons burned, seedlings grown for 10 years):     n = T / f

A vehicle-year factor given by its published inputs is computed as EPA computes it:

    f = t CO2 per gallon x miles per year / miles per gallon / CO2 share of CO2e

Where the source also states the factor (rounded after rounded intermediate values), the stated
value is the one used, and the computed one is shown beside it.

References
----------
US EPA, Greenhouse Gas Equivalencies Calculator, "Calculations and References" (each version of
the table in ``factors/equivalents.yaml`` names its own source).
"""

from __future__ import annotations

from dataclasses import dataclass

from carboncalc.core.inputs import Factor, FactorTable, FactorVersion, VehicleFactorInputs
from carboncalc.errors import ComputationError

VEHICLES = "passenger_vehicles_per_yr"
BARRELS = "barrels_oil"
COAL = "short_tons_coal"


@dataclass(frozen=True)
class Equivalent:
    key: str
    label: str
    factor: float
    factor_unit: str
    per_yr: bool
    count: float
    stated: float | None = None  # the factor as its source states it
    derived: float | None = None  # the factor computed from its published inputs
    derivation: str | None = None  # those inputs and the arithmetic
    note: str | None = None  # the factor's note in its edition


@dataclass(frozen=True)
class Equivalents:
    tco2e: float
    years: int
    version_id: str
    version: FactorVersion
    items: tuple[Equivalent, ...]


def pick_version(table: FactorTable, version_id: str | None) -> tuple[str, FactorVersion]:
    """The requested version of the table, or the current one."""
    vid = table.current if version_id is None else version_id
    if vid not in table.versions:
        known = ", ".join(table.versions)
        raise ComputationError(f"no factor version {vid!r}; known versions: {known}")
    return vid, table.versions[vid]


def factor(version: FactorVersion, key: str, version_id: str) -> float:
    """One factor [t CO2e per unit] of a version; an error names what the version lacks."""
    if key not in version.factors:
        raise ComputationError(f"factor version {version_id!r} has no {key!r} factor")
    return factor_value(version.factors[key])


def vehicle_factor(
    *,
    tco2_per_gallon: float,
    miles_per_yr: float,
    miles_per_gallon: float,
    co2_fraction_of_co2e: float,
) -> float:
    """A passenger vehicle's emissions for one year [t CO2e/vehicle/yr] from its published inputs.

    Notes
    -----
    f = EF x VMT / mpg / s, with EF [t CO2/gallon], VMT [miles/yr], mpg [miles/gallon] and s the
    CO2 share of the vehicle's CO2e (dividing by it adds CH4 and N2O).

    References
    ----------
    US EPA, Greenhouse Gas Equivalencies Calculator - Calculations and References, "Gasoline-powered
    passenger vehicles per year".
    """
    return tco2_per_gallon * miles_per_yr / miles_per_gallon / co2_fraction_of_co2e


def derived_factor(f: Factor) -> float | None:
    """The factor [t CO2e per unit] computed from its published inputs; None without them."""
    if f.inputs is None:
        return None
    i = f.inputs
    return vehicle_factor(
        tco2_per_gallon=i.tco2_per_gallon,
        miles_per_yr=i.miles_per_yr,
        miles_per_gallon=i.miles_per_gallon,
        co2_fraction_of_co2e=i.co2_fraction_of_co2e,
    )


def factor_value(f: Factor) -> float:
    """The factor used [t CO2e per unit]: as its source states it, else from its inputs."""
    if f.value is not None:
        return f.value
    derived = derived_factor(f)
    if derived is None:  # the file side requires one of them
        raise ComputationError(f"factor {f.label!r} has neither a value nor its inputs")
    return derived


def derivation(inputs: VehicleFactorInputs) -> str:
    """The inputs and the arithmetic, as a reader can redo it: "8.89e-3 t CO2/gallon x 11,720
    miles/yr / 20.4 miles/gallon / 0.977 (CO2 share of CO2e) = 5.23"."""
    f = vehicle_factor(
        tco2_per_gallon=inputs.tco2_per_gallon,
        miles_per_yr=inputs.miles_per_yr,
        miles_per_gallon=inputs.miles_per_gallon,
        co2_fraction_of_co2e=inputs.co2_fraction_of_co2e,
    )
    return (
        f"{inputs.tco2_per_gallon:.4g} t CO2/gallon x {inputs.miles_per_yr:,.6g} miles/yr / "
        f"{inputs.miles_per_gallon:g} miles/gallon / {inputs.co2_fraction_of_co2e:g} "
        f"(CO2 share of CO2e) = {shown_factor(f, stated=False)}"
    )


def shown_factor(f: float, *, stated: bool) -> str:
    """A factor as shown: as its source states it, or, computed, to 4 significant digits (one
    rule for the table, the derivation and the JSON's text)."""
    return f"{f:g}" if stated else f"{f:.4g}"


def count(*, tco2e: float, factor_tco2e: float, years: int = 1) -> float:
    """Number of units equivalent to T [t CO2e] spread over Y years: T / Y / f."""
    if years < 1:
        raise ComputationError(f"years must be at least 1, got {years}")
    return tco2e / years / factor_tco2e


def implied_factor(*, tco2e: float, count: float, years: int = 1) -> float:
    """The factor f [t CO2e per unit] a published count implies: T / Y / n."""
    return tco2e / years / count


def equivalents(
    *, tco2e: float, years: int, version_id: str, version: FactorVersion
) -> Equivalents:
    """Every equivalent the version has, for T [t CO2e] over Y years."""
    items = []
    for key, f in version.factors.items():
        per_yr = f.unit.endswith("/yr")
        used = factor_value(f)
        items.append(
            Equivalent(
                key=key,
                label=f.label,
                factor=used,
                factor_unit=f.unit,
                per_yr=per_yr,
                count=count(tco2e=tco2e, factor_tco2e=used, years=years if per_yr else 1),
                stated=f.value,
                derived=derived_factor(f),
                derivation=None if f.inputs is None else derivation(f.inputs),
                note=f.note,
            )
        )
    return Equivalents(
        tco2e=tco2e, years=years, version_id=version_id, version=version, items=tuple(items)
    )
