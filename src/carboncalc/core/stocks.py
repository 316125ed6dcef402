"""Carbon stock by pool, per hectare and for the whole area.

Notes
-----
For each pool p with density d_p [t C/ha] over an area A [ha]:

    stock_p = d_p x A                         [t C]
    d_below = d_above x R                     (root-to-shoot ratio R; IPCC 2006 Vol. 4 Table 4.4)
    d_p = AGB x CF                            (dry matter AGB [t dm/ha], carbon fraction CF)
    d_p = S / A                               (a stock S [t C] published for the whole area)

and the total is the sum over pools (``math.fsum``). CO2 is C x 44/12 (:func:`units.c_to_co2`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carboncalc.core.inputs import CaseLike, PoolInputs
from carboncalc.errors import ComputationError
from carboncalc.units import c_to_co2, density_to_tc_per_ha, stock_to_tc


@dataclass(frozen=True)
class PoolStock:
    """Carbon in one pool."""

    pool: str
    density_tc_per_ha: float
    stock_tc: float
    how: str  # how the density was obtained, for the reader

    @property
    def density_tco2_per_ha(self) -> float:
        return c_to_co2(self.density_tc_per_ha)

    @property
    def stock_tco2(self) -> float:
        return c_to_co2(self.stock_tc)


@dataclass(frozen=True)
class Stock:
    """Carbon stock of a whole area, by pool and in total."""

    area_ha: float
    pools: tuple[PoolStock, ...]

    @property
    def density_tc_per_ha(self) -> float:
        return math.fsum(p.density_tc_per_ha for p in self.pools)

    @property
    def density_tco2_per_ha(self) -> float:
        return c_to_co2(self.density_tc_per_ha)

    @property
    def stock_tc(self) -> float:
        return math.fsum(p.stock_tc for p in self.pools)

    @property
    def stock_tco2(self) -> float:
        return c_to_co2(self.stock_tc)

    def pool(self, name: str) -> PoolStock:
        for p in self.pools:
            if p.pool == name:
                return p
        known = ", ".join(p.pool for p in self.pools)
        raise ComputationError(f"no pool {name!r} in carbon.pools (pools: {known})")


def pool_density_tc_per_ha(
    pool: PoolInputs, *, area_ha: float, case: CaseLike = "central"
) -> float:
    """Density of a pool given by value [t C/ha]; root-to-shoot pools are handled by the caller.

    A stock published for the whole area is divided by the area: d = S / A.
    """
    assert pool.unit is not None and pool.amount is not None
    value = pool.amount.at(case)
    if pool.is_stock:
        if area_ha <= 0:
            raise ComputationError("a stock for the whole area needs an area above 0 ha")
        return stock_to_tc(value, pool.unit) / area_ha
    fraction = pool.carbon_fraction.at(case) if pool.carbon_fraction is not None else None
    return density_to_tc_per_ha(value, pool.unit, carbon_fraction=fraction)


def densities_tc_per_ha(
    pools: Sequence[PoolInputs], *, area_ha: float, case: CaseLike = "central"
) -> dict[str, tuple[float, str]]:
    """Density of every pool [t C/ha], with a short account of how it was obtained."""
    result: dict[str, tuple[float, str]] = {}
    for pool in pools:
        if pool.root_to_shoot is not None:
            continue
        assert pool.unit is not None
        how = "stock / area" if pool.is_stock else f"from {pool.unit}"
        if pool.carbon_fraction is not None:
            how += f" x CF {pool.carbon_fraction.at(case):g}"
        result[pool.name] = (pool_density_tc_per_ha(pool, area_ha=area_ha, case=case), how)
    for pool in pools:
        if pool.root_to_shoot is not None:  # below ground, from the above-ground density
            ratio = pool.root_to_shoot.at(case)
            result[pool.name] = (result["above_ground"][0] * ratio, f"above_ground x R {ratio:g}")
    return {pool.name: result[pool.name] for pool in pools}  # file order


def stock(
    *,
    area_ha: float,
    densities_tc_per_ha: Mapping[str, float],
    how: Mapping[str, str] | None = None,
) -> Stock:
    """Stock of each pool over an area: density [t C/ha] x area [ha] = stock [t C]."""
    how = how or {}
    return Stock(
        area_ha=area_ha,
        pools=tuple(
            PoolStock(pool=name, density_tc_per_ha=d, stock_tc=d * area_ha, how=how.get(name, ""))
            for name, d in densities_tc_per_ha.items()
        ),
    )


def carbon_stock(
    pools: Sequence[PoolInputs], *, area_ha: float, case: CaseLike = "central"
) -> Stock:
    """The project's stock: densities of its pools, times the area."""
    found = densities_tc_per_ha(pools, area_ha=area_ha, case=case)
    return stock(
        area_ha=area_ha,
        densities_tc_per_ha={name: d for name, (d, _) in found.items()},
        how={name: how for name, (_, how) in found.items()},
    )
