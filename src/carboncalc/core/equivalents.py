"""Everyday equivalents of a quantity of CO2e, from a versioned factor table.

Notes
-----
For a factor f [t CO2e per unit] and an amount T [t CO2e] spread over Y years:

    per-year equivalents (vehicles driven for a year, homes' electricity):  n = T / Y / f
    one-off equivalents (gallons burned, seedlings grown for 10 years):     n = T / f

References
----------
US EPA, Greenhouse Gas Equivalencies Calculator, "Calculations and References" (each version of
the table in ``factors/equivalents.yaml`` names its own source).
"""

from __future__ import annotations

from dataclasses import dataclass

from carboncalc.core.inputs import FactorTable, FactorVersion
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
    return version.factors[key].value


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
        items.append(
            Equivalent(
                key=key,
                label=f.label,
                factor=f.value,
                factor_unit=f.unit,
                per_yr=per_yr,
                count=count(tco2e=tco2e, factor_tco2e=f.value, years=years if per_yr else 1),
            )
        )
    return Equivalents(
        tco2e=tco2e, years=years, version_id=version_id, version=version, items=tuple(items)
    )
