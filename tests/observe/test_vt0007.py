"""The allocated-baseline kernel on a small hand-made map of 1 ha pixels (100 m, UTM 32N)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

np = pytest.importorskip("numpy")
rasterio = pytest.importorskip("rasterio")
pytest.importorskip("shapely")

from rasterio.transform import from_origin  # noqa: E402
from shapely.geometry import Polygon, box  # noqa: E402
from synthetic_forest import in_memory  # noqa: E402

from carboncalc.errors import ProjectFileError  # noqa: E402
from carboncalc.observe import grid, vt0007  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")
SIDE = 100.0  # m: a pixel of 1 ha
WEST, NORTH = 500_000.0, 1_000_400.0


def allocations() -> Any:
    """4 x 4 pixels; the pixel in row r and column c is allocated 0.01 x (4r + c) ha/yr."""
    return (np.arange(16, dtype=np.float32) * 0.01).reshape(4, 4)


@contextmanager
def opened(array: Any, nodata: float | None = None) -> Iterator[Any]:
    with in_memory(array, from_origin(WEST, NORTH, SIDE, SIDE), crs="EPSG:32632",
                   nodata=nodata) as dataset:  # fmt: skip
        yield dataset


def baseline(array: Any, geometry: Any, nodata: float | None = None) -> Any:
    with opened(array, nodata) as dataset:
        return vt0007.allocated_baseline(grid.tiles({"allocated_risk": [dataset]}), geometry)


def western(columns: int = 2, rows: int = 3) -> Polygon:
    """The box over the first ``columns`` columns and ``rows`` rows."""
    return box(WEST, NORTH - rows * SIDE, WEST + columns * SIDE, NORTH)


def test_the_baseline_is_the_sum_of_the_pixels_inside() -> None:
    """Columns 0-1 of rows 0-2: pixels 0, 1, 4, 5, 8, 9, so 0.01 x 27 = 0.27 ha/yr on 6 ha."""
    found = baseline(allocations(), western())
    assert found.baseline_ha_per_yr == pytest.approx(0.27, rel=1e-6)
    assert found.boundary_area_ha == pytest.approx(6.0)
    assert found.pixel_count == 6
    assert found.coverage_fraction == 1.0


def test_a_hole_leaves_its_pixels_out() -> None:
    """A hole over pixel 5 (row 1, column 1): 0.27 - 0.05 = 0.22 ha/yr on 5 ha."""
    hole = box(WEST + SIDE, NORTH - 2 * SIDE, WEST + 2 * SIDE, NORTH - SIDE)
    holed = Polygon(western().exterior.coords, [hole.exterior.coords])
    found = baseline(allocations(), holed)
    assert found.baseline_ha_per_yr == pytest.approx(0.22, rel=1e-6)
    assert (found.boundary_area_ha, found.pixel_count) == (pytest.approx(5.0), 5)


def test_a_whole_pixel_may_be_allocated_but_not_more() -> None:
    values = allocations()
    values[0, 0] = 1.0
    assert baseline(values, western()).baseline_ha_per_yr == pytest.approx(1.27, rel=1e-6)
    values[0, 0] = 1.5
    with pytest.raises(ProjectFileError, match=r"an allocation of 1\.5 ha/yr in a pixel of 1 ha"):
        baseline(values, western())


def test_no_data_and_negative_values_inside_are_refused() -> None:
    """Pixel 9 (row 2, column 1) without data: 5 of the 6 pixels have data. No data outside the
    boundary (pixel 15) is not refused."""
    values = allocations()
    values[2, 1] = -1
    with pytest.raises(ProjectFileError) as caught:
        baseline(values, western(), nodata=-1)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].message.startswith(
        "the rasters cover 83.3 % of the boundary (no-data pixels)"
    )
    with pytest.raises(ProjectFileError, match="an allocation of -1 ha/yr: not an allocated"):
        baseline(values, western())
    values = allocations()
    values[3, 3] = -1
    assert baseline(values, western(), nodata=-1).baseline_ha_per_yr == pytest.approx(0.27)


def test_a_boundary_the_map_covers_in_part_is_refused() -> None:
    with pytest.raises(ProjectFileError, match=r"the rasters cover 50\.0 % of the boundary"):
        baseline(allocations(), box(WEST - 4 * SIDE, NORTH - 4 * SIDE, WEST + 4 * SIDE, NORTH))
