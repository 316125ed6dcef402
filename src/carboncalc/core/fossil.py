"""Fossil-fuel reserves kept in the ground, as t CO2 that burning them would emit.

Notes
-----
    oil:   barrels x f_bbl         (EPA: 5.80 mmBtu/bbl x 20.33 kg C/mmBtu x 44/12 = 0.43 t CO2/bbl)
    coal:  short tons x f_coal     (EPA factor table)
    gas:   Mcf x f_gas             (the factor must be given in the project file with its source)
    CO2:   given directly
"""

from __future__ import annotations

from dataclasses import dataclass

from carboncalc.core.equivalents import BARRELS, COAL, factor
from carboncalc.core.inputs import CaseLike, FactorVersion, FossilInputs
from carboncalc.errors import ProjectContentError
from carboncalc.units import MASS_PREFIX_T


@dataclass(frozen=True)
class FossilCO2:
    description: str
    kind: str
    quantity: float
    unit: str
    factor_tco2_per_unit: float
    factor_from: str  # "project file", or the factor version used
    tco2: float
    barrel_tco2_per_bbl: float  # the version's barrel-of-oil factor
    barrels_oil: float  # the same CO2 as barrels of oil at that factor


def reserve_tco2(
    reserve: FossilInputs, *, version_id: str, version: FactorVersion, case: CaseLike = "central"
) -> FossilCO2:
    """CO2 [t] from burning a reserve, and the barrels of oil that CO2 equals."""
    quantity = reserve.quantity.at(case)
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
        f, origin = factor(version, key, version_id), f"factors {version_id}"
    tco2 = quantity * f
    barrel = factor(version, BARRELS, version_id)
    return FossilCO2(
        description=reserve.description or reserve.kind,
        kind=reserve.kind,
        quantity=quantity,
        unit=reserve.unit,
        factor_tco2_per_unit=f,
        factor_from=origin,
        tco2=tco2,
        barrel_tco2_per_bbl=barrel,
        barrels_oil=tco2 / barrel,
    )
