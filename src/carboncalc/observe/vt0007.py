"""The allocated baseline of a project, from Verra's map of allocated deforestation risk
(VM0048 with module VMD0055; the map made by the tool VT0007, Unplanned Deforestation
Allocation, UDef-A).

VT0007 allocates a jurisdiction's expected unplanned deforestation to its pixels in proportion
to their modelled risk; the map's value at a pixel is the deforestation expected there
[ha/yr]: UDef-ARP, the tool's software by Clark Labs, writes its validity-period map as
"Annual Density in the VP (ha/pixel/year)", from an "Expected Annual Jurisdictional Deforestation
Rate (ha/year)", caps each pixel at its own area and writes no data as -1. A project's allocated
baseline is the sum of the values of the pixels in it:

    baseline [ha/yr] = Σ value(p) over the pixels p whose centre is inside the boundary.

Verra publishes an open-access version of each jurisdiction's map, at 1 ha pixels, on its
"Allocated Deforestation Risk Maps" pages; the VMD0055-compliant maps, at a higher resolution,
and the project's allocated activity data come through the Verra Project Hub. The file names of
either were not found.

Refused here: no data inside the boundary (with the share that has data); a negative value (no
data written as -1 without a no-data tag, say); a value above the pixel's own area, which no
allocation gives and a map in other units (m², or a total over the period) would.

References
----------
Verra 2024. VT0007 Unplanned Deforestation Allocation (UDef-A), v1.0, 21 February 2024. Developed
by J. R. Eastman and R. G. Pontius Jr. (Clark Labs) and R. Dickson (TerraCarbon).
https://verra.org/wp-content/uploads/2024/02/VT0007-Unplanned-Deforestation-Allocation-v1.0.pdf
(read: its title page and contents only)

Clark Labs. UDef-ARP, Unplanned Deforestation Allocated Risk Modeling and Mapping Procedure.
https://github.com/ClarkCGA/UDef-ARP (read at commit 14acdaf: README.md, allocation_tool.py,
data/at_pre_vp_screen.ui)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from carboncalc.observe import grid

LAYER: Final = "allocated_risk"  # [ha/yr] per pixel
AREA_TOLERANCE: Final = 1e-6  # relative: a pixel's allocation may reach its own area


@dataclass(frozen=True)
class AllocatedBaseline:
    """What the allocated risk map says over one boundary."""

    baseline_ha_per_yr: float  # the sum of the pixels' allocations
    boundary_area_ha: float  # the pixels inside the boundary
    pixel_count: int
    coverage_fraction: float  # of the boundary the rasters cover (1 when measured)


def allocated_baseline(tiles: Sequence[Mapping[str, Any]], geometry: Any) -> AllocatedBaseline:
    """The allocated baseline [ha/yr] inside ``geometry``.

    Parameters
    ----------
    tiles
        The tiles (:func:`carboncalc.observe.grid.tiles` of ``allocated_risk``), the map of
        allocated deforestation [ha/yr per pixel]; only the window covering the boundary is read.
    geometry
        The boundary, a shapely Polygon or MultiPolygon in the rasters' coordinate system.

    Refused (:class:`ProjectFileError`): besides what :func:`grid.pieces` refuses, no data inside
    the boundary, a negative value, a value above the pixel's area (see the module).
    """
    pieces, covered = grid.pieces(tiles, geometry)
    values = [piece.read(LAYER).astype(np.float64) for piece in pieces]
    grid.check_nodata(pieces, LAYER, values)
    sums: list[float] = []
    for piece, value in zip(pieces, values, strict=True):
        dataset = piece.tile[LAYER]
        inside = np.where(piece.inside, value, 0.0)
        if np.isnan(inside).any():
            raise grid.refused("not-a-number values inside the boundary: not measured", dataset)
        if inside.min() < 0:
            raise grid.refused(
                f"an allocation of {inside.min():g} ha/yr: not an allocated risk map (ha/yr per "
                "pixel, from 0; UDef-ARP writes no data as -1: give the file its no-data value)",
                dataset,
            )
        over = inside - piece.row_areas_ha[:, None] * (1 + AREA_TOLERANCE)
        if over.max() > 0:
            row, col = np.unravel_index(int(np.argmax(over)), over.shape)
            raise grid.refused(
                f"an allocation of {inside[row, col]:g} ha/yr in a pixel of "
                f"{piece.row_areas_ha[row]:g} ha: more than the pixel; not an allocated risk map "
                "in ha/yr per pixel",
                dataset,
            )
        sums.append(math.fsum(inside[piece.inside].tolist()))
    return AllocatedBaseline(
        baseline_ha_per_yr=math.fsum(sums),
        boundary_area_ha=math.fsum(p.area_ha(p.inside) for p in pieces),
        pixel_count=sum(int(p.inside.sum()) for p in pieces),
        coverage_fraction=covered,
    )
