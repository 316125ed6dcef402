"""Exact conversion constants and the unit vocabulary of project files.

Every constant carries its source. Carbon (C) and carbon dioxide (CO2) are converted only through
:func:`c_to_co2` and :func:`co2_to_c`, never with an inline 44/12.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from carboncalc.errors import UnitError

# Molar masses: CO2 44, C 12 (IPCC 2006 Guidelines, Vol. 4, Ch. 2, the 44/12 conversion).
C_TO_CO2: Final = 44.0 / 12.0
# International acre, exact by definition (1959 international yard and pound agreement).
HA_PER_ACRE: Final = 0.40468564224
HA_PER_KM2: Final = 100.0
PERCENT: Final = 100.0


def c_to_co2(tc: float) -> float:
    """Tonnes of carbon [t C] to tonnes of CO2 [t CO2] (x 44/12)."""
    return tc * C_TO_CO2


def co2_to_c(tco2: float) -> float:
    """Tonnes of CO2 [t CO2] to tonnes of carbon [t C] (x 12/44)."""
    return tco2 / C_TO_CO2


# Area units -> hectares per unit.
AREA_HA: Final[dict[str, float]] = {"ha": 1.0, "acre": HA_PER_ACRE, "km2": HA_PER_KM2}

# Mass prefixes for stock and emission units ("79.4 Mt CO2").
MASS_PREFIX_T: Final[dict[str, float]] = {"t": 1.0, "kt": 1e3, "Mt": 1e6, "Gt": 1e9}


def area_to_ha(value: float, unit: str) -> float:
    """Area in ``unit`` (ha, acre, km2) to hectares [ha]."""
    return value * AREA_HA[unit]


def split_density_unit(unit: str) -> tuple[str, str]:
    """``"t C/acre"`` -> ``("C", "acre")``; the substance is C, CO2 or dm."""
    mass, area = unit.split("/")
    return mass.split()[1], area


def density_to_tc_per_ha(value: float, unit: str, *, carbon_fraction: float | None) -> float:
    """A density in any :data:`DENSITY_UNITS` to tonnes of carbon per hectare [t C/ha].

    Dry biomass (``t dm``) needs the carbon fraction of dry matter [0..1].
    """
    substance, area_unit = split_density_unit(unit)
    per_ha = value / AREA_HA[area_unit]
    if substance == "C":
        return per_ha
    if substance == "CO2":
        return co2_to_c(per_ha)
    if carbon_fraction is None:
        raise UnitError(f"a density in {unit!r} needs a carbon_fraction")
    return per_ha * carbon_fraction


def stock_to_tc(value: float, unit: str) -> float:
    """A whole-area stock (``"79.4 Mt CO2"`` style unit) to tonnes of carbon [t C]."""
    prefix, substance = unit.split()
    tonnes = value * MASS_PREFIX_T[prefix]
    return tonnes if substance == "C" else co2_to_c(tonnes)


_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def parse_number_unit(text: str) -> tuple[float, str | None]:
    """Split ``"0.75%/yr"`` into ``(0.75, "%/yr")``, ``"400000acre"`` into ``(400000.0, "acre")``.

    The unit is returned as written (spaces normalised), or None when there is none. Underscores
    and commas may group digits (``1_000``, ``1,000``).
    """
    match = _NUMBER_UNIT.match(text.replace(",", ""))
    if not match:
        raise UnitError(f"expected a number with an optional unit, got {text!r}")
    number, unit = match.groups()
    unit = " ".join(unit.split())
    return float(number.replace("_", "")), unit or None


def anniversary(start: dt.date, years: int) -> dt.date:
    """``start`` moved on by whole years; 29 February becomes 1 March in other years."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year without one
        return dt.date(start.year + years, 3, 1)
