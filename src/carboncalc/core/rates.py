"""Deforestation rates from observed forest areas, and a difference in differences.

Notes
-----
For forest areas A1 at time t1 and A2 at t2 (t = t2 - t1 years; Puyravaud 2003):

    FAO annual rate of change   q = (A2 / A1)^(1/t) - 1       (FAO 1995; A_t = A1 (1 + q)^t)
    Puyravaud's rate            r = ln(A2 / A1) / t             (A_t = A1 exp(r t))
    linear rate                 l = (A2 - A1) / (A1 t)          (share of the initial area)
    area per year               a = (A2 - A1) / t

All are negative where forest is lost. carboncalc's deforestation rates are losses, so the
project file's rates are -q (%/yr of the remaining forest, ``basis: remaining``), -l (%/yr of the
initial area, ``basis: initial``) and -a (ha/yr). 100 -> 90 ha over 10 years: r = -1.054 %/yr,
q = -1.048 %/yr, l = -1.0 %/yr (Puyravaud 2003's example).

Difference in differences of annual deforestation rates (fractions or %/yr, before and after a
project's start, in the project and in matched controls):

    DiD = (project_after - project_before) - (control_after - control_before)

negative where the project's deforestation fell more (or rose less) than the controls'; the
forest it implies the project kept is -DiD x area x years (as in guizar/redd-sens).

References
----------
Puyravaud, J.-P. (2003). Standardizing the calculation of the annual rate of deforestation.
Forest Ecology and Management 177: 593-596.
FAO (1995). Forest resources assessment 1990: global synthesis. FAO Forestry Paper 124.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class AreaChange:
    """Rates of change between two forest areas [ha] over ``years`` (fractions per year)."""

    area_from_ha: float
    area_to_ha: float
    years: float

    @property
    def fao_q(self) -> float:
        """FAO annual rate of change q [1/yr]."""
        ratio: float = (self.area_to_ha / self.area_from_ha) ** (1 / self.years)
        return ratio - 1

    @property
    def puyravaud_r(self) -> float:
        """Puyravaud's (continuous) rate r [1/yr]."""
        return math.log(self.area_to_ha / self.area_from_ha) / self.years

    @property
    def linear(self) -> float:
        """Change per year as a share of the initial area [1/yr]."""
        return (self.area_to_ha - self.area_from_ha) / (self.area_from_ha * self.years)

    @property
    def ha_per_yr(self) -> float:
        return (self.area_to_ha - self.area_from_ha) / self.years


def area_change(area_from_ha: float, area_to_ha: float, years: float) -> AreaChange:
    """Rates between two areas; both above 0 and at least a day apart."""
    if area_from_ha <= 0 or area_to_ha <= 0:
        raise ValueError("forest areas must be above 0")
    if years <= 0:
        raise ValueError("the second area must be later than the first")
    return AreaChange(area_from_ha, area_to_ha, years)


def compound_loss_fraction(area_from_ha: float, area_to_ha: float, years: float) -> float:
    """The deforestation rate of the remaining forest [1/yr] that takes A1 to A2: -q."""
    return -area_change(area_from_ha, area_to_ha, years).fao_q


@dataclass(frozen=True)
class DifferenceInDifferences:
    """Before/after deforestation rates in the project and its controls (any one unit)."""

    project_before: float
    project_after: float
    control_before: float
    control_after: float

    @property
    def project_change(self) -> float:
        return self.project_after - self.project_before

    @property
    def control_change(self) -> float:
        return self.control_after - self.control_before

    @property
    def did(self) -> float:
        return self.project_change - self.control_change

    def effect_ha(self, *, area_ha: float, years: float, per: float) -> float:
        """DiD x area x years [ha], the rates being per ``per`` (1 for fractions, 100 for %/yr):
        negative where the project lost less forest than its controls would suggest."""
        return self.did / per * area_ha * years
