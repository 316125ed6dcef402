"""The Global Forest Change kernel on small hand-made rasters of the Hansen grid (0.00025°)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

np = pytest.importorskip("numpy")
rasterio = pytest.importorskip("rasterio")
pytest.importorskip("shapely")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rasterio.transform import from_origin  # noqa: E402
from shapely.geometry import Polygon, box  # noqa: E402
from synthetic_forest import in_memory  # noqa: E402

from carboncalc.errors import ProjectFileError  # noqa: E402
from carboncalc.observe import grid, hansen  # noqa: E402

# rasterio 1.4 (from_bounds, window_transform) multiplies affine transforms with `*`, which
# affine 3 deprecates: theirs, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")
PIXEL = 0.00025


def forest_change(treecover: Any, lossyear: Any, geometry: Any, **options: Any) -> Any:
    """The kernel over one tile of two layers."""
    tiles = grid.tiles({"treecover2000": [treecover], "lossyear": [lossyear]})
    return hansen.forest_change(tiles, geometry, **options)


SIDE = 40
WEST = 10.0
# The area of a pixel of the bottom row, whose south edge is the equator or 60°N [m²]
# (worked by hand from the ellipsoid: see test_areas.py).
BOTTOM_ROW_M2 = {0.0: 769.317, 60.0: 388.549}


@contextmanager
def opened(array: Any, south: float, crs: str | None = "EPSG:4326", shift: int = 0,
           nodata: float | None = None) -> Iterator[Any]:  # fmt: skip
    """A one-band GeoTIFF in memory of ``array`` whose bottom row's south edge is ``south``."""
    transform = from_origin(WEST + shift * PIXEL, south + array.shape[0] * PIXEL, PIXEL, PIXEL)
    with in_memory(array, transform, crs=crs, nodata=nodata) as dataset:
        yield dataset


def pattern() -> tuple[Any, Any]:
    """Forest (80 %) in columns 0-29, not forest (10 %) in 30-39. Loss in the bottom row: 8
    forest pixels in 2005, 4 in 2012, and one in 2007 on a non-forest pixel (not counted); 6 more
    in 2020 in rows 31-33, columns 5-6."""
    cover = np.full((SIDE, SIDE), 80, dtype=np.uint8)
    cover[:, 30:] = 10
    loss = np.zeros((SIDE, SIDE), dtype=np.uint8)
    loss[39, 2:10] = 5
    loss[39, 10:14] = 12
    loss[39, 35] = 7
    loss[31:34, 5:7] = 20
    return cover, loss


def extent(south: float) -> Polygon:
    return box(WEST, south, WEST + SIDE * PIXEL, south + SIDE * PIXEL)


@pytest.mark.parametrize("south", [0.0, 60.0], ids=["equator", "60N"])
def test_loss_by_year_is_the_hand_count_times_the_pixel_area(south: float) -> None:
    cover, loss = pattern()
    with opened(cover, south) as tc, opened(loss, south) as ly:
        change = forest_change(tc, ly, extent(south))
    pixel_ha = BOTTOM_ROW_M2[south] / 10_000
    assert change.loss_ha_by_year.keys() == {2005, 2012, 2020}
    assert change.loss_ha_by_year[2005] == pytest.approx(8 * pixel_ha, abs=8 * 1e-7)
    assert change.loss_ha_by_year[2012] == pytest.approx(4 * pixel_ha, abs=4 * 1e-7)
    # rows 31-33 are 6-8 rows north of the bottom one: within 0.3 % of its area at 60°N
    assert change.loss_ha_by_year[2020] == pytest.approx(6 * pixel_ha, rel=3e-3)
    assert change.coverage_fraction == 1.0
    assert change.boundary_area_ha == pytest.approx(1600 * pixel_ha, rel=1e-2)
    assert change.forest_at_start_ha == pytest.approx(change.boundary_area_ha * 30 / 40)
    assert change.non_forest_ha == pytest.approx(change.boundary_area_ha * 10 / 40)


def test_at_the_equator_every_pixel_is_the_published_area() -> None:
    cover, loss = pattern()
    with opened(cover, 0.0) as tc, opened(loss, 0.0) as ly:
        change = forest_change(tc, ly, extent(0.0))
    assert change.boundary_area_ha == pytest.approx(1600 * 0.0769317, abs=1600 * 1e-7)
    assert change.forest_at_start_ha == pytest.approx(1200 * 0.0769317, abs=1200 * 1e-7)


def test_a_hole_is_left_out() -> None:
    """A hole over columns 4-7 and rows 30-37 takes 32 pixels and the 2020 loss out."""
    cover, loss = pattern()
    top = SIDE * PIXEL
    hole = box(WEST + 4 * PIXEL, top - 38 * PIXEL, WEST + 8 * PIXEL, top - 30 * PIXEL)
    holed = Polygon(extent(0.0).exterior.coords, [hole.exterior.coords])
    with opened(cover, 0.0) as tc, opened(loss, 0.0) as ly:
        whole = forest_change(tc, ly, extent(0.0))
        change = forest_change(tc, ly, holed)
    assert change.loss_ha_by_year.keys() == {2005, 2012}
    assert change.boundary_area_ha == pytest.approx(whole.boundary_area_ha * (1600 - 32) / 1600)


def test_a_threshold_above_the_cover_leaves_no_forest() -> None:
    cover, loss = pattern()
    with opened(cover, 0.0) as tc, opened(loss, 0.0) as ly:
        change = forest_change(tc, ly, extent(0.0), threshold_pct=81)
    assert change.forest_at_start_ha == 0
    assert change.loss_ha_by_year == {}


def refusal(cover: Any, loss: Any, geometry: Polygon, **options: Any) -> str:
    """The message of the one problem forest_change refuses the rasters with."""
    cover_options = {k: options.pop(k) for k in ("crs", "nodata") if k in options}
    with (
        opened(cover, 0.0, **cover_options) as tc,
        opened(loss, 0.0, **options) as ly,
        pytest.raises(ProjectFileError) as caught,
    ):
        forest_change(tc, ly, geometry)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0].message


def test_a_boundary_the_rasters_cover_in_part_is_refused() -> None:
    half = box(WEST + 20 * PIXEL, 0.0, WEST + 60 * PIXEL, SIDE * PIXEL)
    assert refusal(*pattern(), half) == (
        "the rasters cover 50.0 % of the boundary: a boundary is measured only where the "
        "rasters cover all of it (add the neighbouring tiles)"
    )


def test_no_data_inside_the_boundary_is_not_covered() -> None:
    cover, loss = pattern()
    cover[:4, :] = 255
    assert refusal(cover, loss, extent(0.0), nodata=255).startswith(
        "the rasters cover 90.0 % of the boundary (no-data pixels)"
    )


def test_a_raster_without_a_crs_or_on_another_grid_is_refused() -> None:
    assert "has no coordinate system" in refusal(*pattern(), extent(0.0), crs=None)
    assert "no lossyear raster on this one's grid" in refusal(*pattern(), extent(0.0), shift=1)


@given(
    seed=st.integers(0, 2**32 - 1),
    threshold=st.integers(0, 100),
    corners=st.tuples(*[st.floats(0, 1) for _ in range(4)]),
    south=st.sampled_from([-30.0, 0.0, 60.0]),
)
def test_loss_forest_kept_and_non_forest_make_the_boundary(
    seed: int, threshold: int, corners: tuple[float, float, float, float], south: float
) -> None:
    """For any pattern, threshold and box inside the raster holding at least 2 x 2 pixels:
    sum of loss by year + forest never lost + non-forest = the boundary's area."""
    rng = np.random.default_rng(seed)
    cover = rng.integers(0, 101, (20, 20), dtype=np.uint8)
    loss = np.where(rng.random((20, 20)) < 0.3, rng.integers(1, 24, (20, 20)), 0).astype(np.uint8)
    x0, x1 = sorted(corners[:2])
    y0, y1 = sorted(corners[2:])
    size = 20 * PIXEL
    x0, x1 = WEST + x0 * (size - 2 * PIXEL), WEST + 2 * PIXEL + x1 * (size - 2 * PIXEL)
    y0, y1 = south + y0 * (size - 2 * PIXEL), south + 2 * PIXEL + y1 * (size - 2 * PIXEL)
    with opened(cover, south) as tc, opened(loss, south) as ly:
        change = forest_change(tc, ly, box(x0, y0, x1, y1), threshold_pct=threshold)
    parts = [*change.loss_ha_by_year.values(), change.forest_never_lost_ha, change.non_forest_ha]
    assert math.fsum(parts) == pytest.approx(change.boundary_area_ha, rel=1e-9)
    assert all(ha > 0 for ha in change.loss_ha_by_year.values())
    assert change.forest_never_lost_ha >= -1e-12


def test_layers_out_of_their_range_are_refused() -> None:
    cover, loss = pattern()
    cover[20, 20] = 120
    assert refusal(cover, loss, extent(0.0)).startswith("a tree cover of 120 %")
    cover, loss = pattern()
    assert refusal(cover, loss.astype(np.float32), extent(0.0)).startswith("not a lossyear layer")


@contextmanager
def two_tiles(cover: Any, loss: Any, west_cols: int, east_from: int) -> Iterator[Any]:
    """The west tile (columns up to ``west_cols``) and the east one (from ``east_from``) of
    both layers: (treecover west, lossyear west, treecover east, lossyear east)."""
    with (
        opened(cover[:, :west_cols], 0.0) as tc_west,
        opened(loss[:, :west_cols], 0.0) as ly_west,
        opened(cover[:, east_from:], 0.0, shift=east_from) as tc_east,
        opened(loss[:, east_from:], 0.0, shift=east_from) as ly_east,
    ):
        yield tc_west, ly_west, tc_east, ly_east


def test_a_boundary_across_two_tiles_is_the_sum_of_its_halves() -> None:
    """The pattern cut into a west and an east tile gives what the whole raster gives; a tile
    missing, or given twice, is refused."""
    cover, loss = pattern()
    with opened(cover, 0.0) as tc, opened(loss, 0.0) as ly:
        whole = forest_change(tc, ly, extent(0.0))
    with two_tiles(cover, loss, 20, 20) as (tc_west, ly_west, tc_east, ly_east):
        found = grid.tiles({"treecover2000": [tc_west, tc_east], "lossyear": [ly_east, ly_west]})
        halves = hansen.forest_change(found, extent(0.0))
        west = grid.tiles({"treecover2000": [tc_west], "lossyear": [ly_west]})
        with pytest.raises(ProjectFileError, match=r"the rasters cover 50\.0 %"):
            hansen.forest_change(west, extent(0.0))
        with pytest.raises(ProjectFileError, match="given twice"):
            grid.tiles({"treecover2000": [tc_west, tc_west], "lossyear": [ly_west]})
    assert halves.loss_ha_by_year.keys() == whole.loss_ha_by_year.keys()
    for year, ha in whole.loss_ha_by_year.items():
        assert halves.loss_ha_by_year[year] == pytest.approx(ha, rel=1e-12)
    assert halves.boundary_area_ha == pytest.approx(whole.boundary_area_ha, rel=1e-12)
    assert halves.forest_at_start_ha == pytest.approx(whole.forest_at_start_ha, rel=1e-12)


def test_overlapping_tiles_are_refused() -> None:
    cover, loss = pattern()
    with (
        two_tiles(cover, loss, 30, 20) as (tc_west, ly_west, tc_east, ly_east),
        pytest.raises(ProjectFileError, match="must not overlap"),
    ):
        grid.tiles({"treecover2000": [tc_west, tc_east], "lossyear": [ly_west, ly_east]})
