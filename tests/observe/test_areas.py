"""Pixel areas on the WGS84 ellipsoid, against published figures and an independent integral."""

from __future__ import annotations

import math

import pytest

np = pytest.importorskip("numpy")

from carboncalc.errors import ProjectFileError  # noqa: E402
from carboncalc.observe.areas import (  # noqa: E402
    WGS84_A,
    WGS84_E,
    WGS84_E2,
    row_areas_ha,
)

PIXEL = 0.00025  # degrees: the Hansen and JRC grids


def integrated_m2(south: float, north: float, width: float, strips: int = 20_000) -> float:
    """The same area by another road: the ellipsoid's area element M(φ)·N(φ)·cos φ dφ dλ, with
    M and N its radii of curvature, summed over many strips by the midpoint rule."""
    phi = np.radians(south + (np.arange(strips) + 0.5) * (north - south) / strips)
    sin2 = np.sin(phi) ** 2
    meridian = WGS84_A * (1 - WGS84_E2) / (1 - WGS84_E2 * sin2) ** 1.5  # M
    normal = WGS84_A / np.sqrt(1 - WGS84_E2 * sin2)  # N
    element = meridian * normal * np.cos(phi)
    return math.fsum(element) * math.radians(north - south) / strips * math.radians(width)


def pixel_m2(south: float) -> float:
    """The area of the 0.00025° pixel whose south edge is at latitude ``south``."""
    transform = (PIXEL, 0.0, 0.0, 0.0, -PIXEL, south + PIXEL)
    return float(row_areas_ha(transform, 1, geographic=True)[0]) * 10_000


@pytest.mark.parametrize(
    ("south", "expected_m2"),
    [(0.0, 769.317), (60.0, 388.549)],
    ids=["equator", "60N"],
)
def test_a_hansen_pixel_has_its_published_area(south: float, expected_m2: float) -> None:
    """769.317 m² at the equator and 388.549 m² at 60° (the pixel north of that latitude)."""
    area = pixel_m2(south)
    assert area == pytest.approx(expected_m2, abs=0.001)
    assert area == pytest.approx(integrated_m2(south, south + PIXEL, PIXEL), rel=1e-9)


def test_rows_follow_the_latitude_both_ways() -> None:
    """North of the equator and south of it, mirrored, the rows have the same areas."""
    north = row_areas_ha((PIXEL, 0, 10.0, 0, -PIXEL, 1.0), 4000, geographic=True)
    south = row_areas_ha((PIXEL, 0, 10.0, 0, PIXEL, -1.0), 4000, geographic=True)
    assert np.allclose(north, south, rtol=1e-12)
    assert np.all(np.diff(north) > 0)  # larger towards the equator, row after row


@pytest.mark.parametrize("size", [1.0, PIXEL], ids=["1 degree", "0.00025 degree"])
def test_the_globe_sums_to_the_ellipsoid_surface(size: float) -> None:
    """A grid of the whole globe (180 x 360 one-degree pixels; 720,000 x 1,440,000 of the Hansen
    grid's) makes the surface of the WGS84 ellipsoid, 510,065,621.7 km², which the closed form
    2πa²[1 + (1 - e²)/(2e)·ln((1 + e)/(1 - e))] also gives."""
    rows = row_areas_ha((size, 0, -180.0, 0, -size, 90.0), round(180 / size), geographic=True)
    total_km2 = math.fsum(rows) * round(360 / size) / 100
    log = math.log((1 + WGS84_E) / (1 - WGS84_E))
    closed = 2 * math.pi * WGS84_A**2 * (1 + (1 - WGS84_E2) / (2 * WGS84_E) * log)
    assert total_km2 == pytest.approx(closed / 1e6, rel=1e-9)
    assert total_km2 == pytest.approx(510_065_621.7, abs=0.05)


def test_a_round_tenth_of_a_hectare_overstates_the_equator_by_17_percent() -> None:
    assert 900 / pixel_m2(0.0) - 1 == pytest.approx(0.17, abs=0.005)


def test_a_projected_grid_has_the_cell_area_in_every_row() -> None:
    assert np.array_equal(row_areas_ha((30.0, 0, 5e5, 0, -30.0, 9e6), 3, geographic=False),
                          np.full(3, 0.09))  # fmt: skip
    feet = row_areas_ha((100.0, 0, 0, 0, -100.0, 0), 1, geographic=False, metres_per_unit=0.3048)
    assert feet[0] == pytest.approx(0.09290304)


def test_a_rotated_or_polar_geographic_grid_is_refused() -> None:
    with pytest.raises(ProjectFileError, match="north-up"):
        row_areas_ha((PIXEL, 0.0001, 0, 0, -PIXEL, 10.0), 2, geographic=True)
    with pytest.raises(ProjectFileError, match="pole"):
        row_areas_ha((1.0, 0, 0, 0, -1.0, 91.0), 2, geographic=True)
