"""Fossil-fuel reserves kept in the ground, as t CO2 that burning them would emit.

Notes
-----
    oil:   barrels x f_bbl         (EPA: 5.80 mmBtu/bbl x 20.33 kg C/mmBtu x 44/12 = 0.43 t CO2/bbl)
    coal:  short tons x f_coal     (EPA factor table)
    gas:   Mcf x f_gas             (the factor must be given in the project file with its source)
    CO2:   given directly

A factor the chosen edition lacks (the 2008 edition has no barrel of oil) leaves what needs it
not available, with a note naming the missing factor: one rule with the equivalents and the
claims (:mod:`carboncalc.core.claims`), none of which falls back to another edition.
"""

from __future__ import annotations

from dataclasses import dataclass

from carboncalc.core.equivalents import BARRELS, COAL, factor_value
from carboncalc.core.inputs import CaseLike, FactorVersion, FossilInputs
from carboncalc.errors import ProjectContentError
from carboncalc.units import MASS_PREFIX_T


@dataclass(frozen=True)
class FossilCO2:
    description: str
    kind: str
    quantity: float
    unit: str
    factor_tco2_per_unit: float | None  # None: the edition lacks the factor (see `note`)
    factor_from: str  # "project file", or the factor version used
    tco2: float | None
    barrel_tco2_per_bbl: float | None  # the version's barrel-of-oil factor
    barrels_oil: float | None  # the same CO2 as barrels of oil at that factor
    note: str | None = None  # what is not available, and why


def reserve_tco2(
    reserve: FossilInputs, *, version_id: str, version: FactorVersion, case: CaseLike = "central"
) -> FossilCO2:
    """CO2 [t] from burning a reserve, and the barrels of oil that CO2 equals; None where the
    edition lacks the factor, with a note."""
    quantity = reserve.quantity.at(case)
    f: float | None
    missing = []
    if reserve.kind == "co2":
        f, origin = MASS_PREFIX_T[reserve.unit.split()[0]], "unit"
    elif reserve.factor_tco2_per_unit is not None:
        f, origin = reserve.factor_tco2_per_unit, "project file"
    elif reserve.kind == "gas":
        raise ProjectContentError(
            "a gas reserve needs `factor_tco2_per_unit` (t CO2 per Mcf) with its source"
        )
    else:
        key = BARRELS if reserve.kind == "oil" else COAL
        f, origin = version_factor(version, key), f"factors {version_id}"
        missing += [key] if f is None else []
    tco2 = None if f is None else quantity * f
    barrel = version_factor(version, BARRELS)
    missing += [BARRELS] if barrel is None and BARRELS not in missing else []
    note = None
    if missing:
        what = "barrels of oil" if tco2 is not None else "t CO2 and barrels of oil"
        keys = " or ".join(map(repr, missing))
        note = f"{what} not available: factor version {version_id!r} has no {keys} factor"
    return FossilCO2(
        description=reserve.description or reserve.kind,
        kind=reserve.kind,
        quantity=quantity,
        unit=reserve.unit,
        factor_tco2_per_unit=f,
        factor_from=origin,
        tco2=tco2,
        barrel_tco2_per_bbl=barrel,
        barrels_oil=None if tco2 is None or barrel is None else tco2 / barrel,
        note=note,
    )


def version_factor(version: FactorVersion, key: str) -> float | None:
    """A factor of the edition [t CO2e per unit], or None where it has none."""
    return factor_value(version.factors[key]) if key in version.factors else None
