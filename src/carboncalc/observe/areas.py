"""The area of a raster's pixels [ha], row by row.

A pixel of a geographic grid (longitude and latitude in degrees, as the Hansen and JRC maps are)
is not a square of fixed size: its area shrinks towards the poles, so each row of the grid has
its own pixel area, computed exactly on the WGS84 ellipsoid. A pixel of a projected grid (metres)
has the area of its cell, the same in every row.

Notes
-----
A cell between latitudes φ1 and φ2 and of longitude width Δλ [rad] on the ellipsoid of
semi-major axis a and eccentricity e has the area

    A = a² (1 - e²) Δλ / 2 · [q(φ2) - q(φ1)],
    q(φ) = sin φ / (1 - e² sin² φ) + ln((1 + e sin φ) / (1 - e sin φ)) / (2e),

where q is the function of the authalic latitude (Snyder 1987, chapter 3, "Auxiliary
latitudes"), written here without its factor (1 - e²), which stands outside the bracket. On
WGS84, a pixel of 0.00025° is 769.317 m² just north of the equator and 388.549 m² just north of
60°: the round 0.09 ha often used for a "30 m pixel" overstates the equator's by about 17 %.

References
----------
Snyder, J. P. 1987. Map Projections: A Working Manual. U.S. Geological Survey Professional
Paper 1395. doi:10.3133/pp1395

National Imagery and Mapping Agency 2000. Department of Defense World Geodetic System 1984,
Technical Report 8350.2, 3rd edition (the WGS84 ellipsoid: a and 1/f).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from carboncalc.errors import ProjectFileError

# The WGS84 ellipsoid (NIMA TR8350.2): semi-major axis [m] and flattening, both defining values.
WGS84_A: Final = 6_378_137.0
WGS84_F: Final = 1 / 298.257223563
WGS84_E2: Final = WGS84_F * (2 - WGS84_F)  # first eccentricity squared
WGS84_E: Final = math.sqrt(WGS84_E2)
M2_PER_HA: Final = 10_000.0


def q_difference(south: NDArray[np.float64], north: NDArray[np.float64]) -> NDArray[np.float64]:
    """q(north) - q(south) [-] for latitudes [rad] on WGS84, Snyder's q without its (1 - e²).

    Written so that nothing cancels when the two latitudes are close (a pixel's edges are
    0.00025° apart, and q(φ2) - q(φ1) taken literally keeps only ten of sixteen digits): with
    s = sin φ, q = s / (1 - e²s²) + artanh(e·s) / e, and the two differences are

        s2/(1 - e²s2²) - s1/(1 - e²s1²) = (s2 - s1)(1 + e²s1s2) / ((1 - e²s1²)(1 - e²s2²)),
        artanh(e·s2) - artanh(e·s1) = artanh(e(s2 - s1) / (1 - e²s1s2)),

    with s2 - s1 = 2 cos((φ1 + φ2)/2) sin((φ2 - φ1)/2).
    """
    s1, s2 = np.sin(south), np.sin(north)
    ds = 2 * np.cos((south + north) / 2) * np.sin((north - south) / 2)
    e2 = WGS84_E2
    rational = ds * (1 + e2 * s1 * s2) / ((1 - e2 * s1 * s1) * (1 - e2 * s2 * s2))
    return rational + np.arctanh(WGS84_E * ds / (1 - e2 * s1 * s2)) / WGS84_E


def band_area_m2(
    south: NDArray[np.float64], north: NDArray[np.float64], width: float
) -> NDArray[np.float64]:
    """The area [m²] of cells between latitudes ``south`` and ``north`` [degrees] and of
    longitude width ``width`` [degrees] on WGS84 (the formula of the module's notes)."""
    factor = WGS84_A**2 * (1 - WGS84_E2) * math.radians(width) / 2
    return factor * np.abs(q_difference(np.radians(south), np.radians(north)))


def row_areas_ha(
    transform: Sequence[float], rows: int, *, geographic: bool, metres_per_unit: float = 1.0
) -> NDArray[np.float64]:
    """The area of one pixel [ha] in each of ``rows`` rows of a grid.

    Parameters
    ----------
    transform
        The grid's affine transform (a, b, c, d, e, f), as rasterio's ``Affine``: x = a·col + b·row
        + c, y = d·col + e·row + f, for the pixel's top-left corner.
    rows
        How many rows, from the transform's first.
    geographic
        True when x and y are longitude and latitude [degrees] on WGS84 (EPSG:4326); the grid
        must then be north-up (b = d = 0). False for a projected grid, whose units are
        ``metres_per_unit`` [m] each.
    """
    a, b, _, d, e, f = (float(v) for v in transform[:6])
    if not geographic:
        cell = abs(a * e - b * d) * metres_per_unit**2  # the cell's area, rotation or not
        return np.full(rows, cell / M2_PER_HA)
    if b != 0 or d != 0:
        raise ProjectFileError(
            "a geographic raster must be north-up (no rotation in its transform)"
        )
    edges = f + e * np.arange(rows + 1, dtype=np.float64)
    if rows and (np.abs(edges).max() > 90 + 1e-9):
        raise ProjectFileError("the raster's rows reach past a pole (latitude beyond ±90°)")
    edges = np.clip(edges, -90.0, 90.0)
    return band_area_m2(edges[1:], edges[:-1], abs(a)) / M2_PER_HA
