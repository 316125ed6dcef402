"""A ring of 100 m around a small square at the equator, against hand-worked degrees."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("rasterio")
pytest.importorskip("shapely")

from shapely.geometry import box

from carboncalc.errors import ProjectFileError
from carboncalc.observe.areas import WGS84_A, WGS84_E2
from carboncalc.observe.zones import ring

# At the equator, a degree of longitude is a·π/180 and a degree of latitude M0·π/180, with
# M0 = a(1 - e²) the meridian's radius of curvature there.
METRES_PER_DEGREE_LON = WGS84_A * math.pi / 180  # 111,319.491 m
METRES_PER_DEGREE_LAT = WGS84_A * (1 - WGS84_E2) * math.pi / 180  # 110,574.272 m


def test_a_ring_reaches_its_width_out_and_leaves_the_boundary_out() -> None:
    square = box(0.0, -0.005, 0.01, 0.005)
    zone = ring(square, 100.0)
    west, south, east, north = zone.bounds
    assert east == pytest.approx(0.01 + 100 / METRES_PER_DEGREE_LON, abs=1e-8)  # 1 mm
    assert west == pytest.approx(-100 / METRES_PER_DEGREE_LON, abs=1e-8)
    assert north == pytest.approx(0.005 + 100 / METRES_PER_DEGREE_LAT, abs=1e-8)
    assert south == pytest.approx(-0.005 - 100 / METRES_PER_DEGREE_LAT, abs=1e-8)
    assert zone.intersection(square).area == pytest.approx(0, abs=1e-12)
    assert zone.union(square).buffer(0).geom_type == "Polygon"
    assert len(zone.interiors) == 1  # the boundary is the ring's hole


def test_a_ring_needs_a_width() -> None:
    with pytest.raises(ProjectFileError, match="give a width above 0 m"):
        ring(box(0, 0, 0.01, 0.01), 0)


def test_no_ring_across_the_antimeridian() -> None:
    from shapely.geometry import MultiPolygon

    split = MultiPolygon([box(179.9, -17, 180, -16.9), box(-180, -17, -179.9, -16.9)])
    with pytest.raises(ProjectFileError, match="across the antimeridian"):
        ring(split, 1_000)
