"""The biomass-at-loss kernel: Hansen loss pixels (0.00025°) looked up on a biomass map of
0.001° cells, four loss pixels a side to a cell, worked by hand."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

np = pytest.importorskip("numpy")
rasterio = pytest.importorskip("rasterio")
pytest.importorskip("shapely")

from rasterio.transform import from_origin  # noqa: E402
from shapely.geometry import box  # noqa: E402
from synthetic_forest import in_memory  # noqa: E402

from carboncalc.errors import ProjectFileError  # noqa: E402
from carboncalc.observe import biomass, grid, hansen  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")
PIXEL = 0.00025  # the loss grid
CELL = 0.001  # the biomass grid
WEST, NORTH = 10.0, 0.002
EQUATOR_PIXEL_HA = 0.0769317  # a loss pixel just north of the equator (test_areas.py)
AGB = [[100.0, 200.0], [300.0, 400.0]]  # Mg/ha, row 0 the northern cells
SD = [[10.0, 20.0], [30.0, 40.0]]


@contextmanager
def opened(array: Any, *, west: float = WEST, north: float = NORTH, size: float = PIXEL,
           crs: str = "EPSG:4326", nodata: float | None = None) -> Iterator[Any]:  # fmt: skip
    transform = from_origin(west, north, size, size)
    with in_memory(array, transform, crs=crs, nodata=nodata) as dataset:
        yield dataset


def loss_pattern() -> tuple[Any, Any]:
    """8 x 8 loss pixels, forest (80 %) everywhere but (0, 5). Lost: (0, 0), (1, 1), (2, 3) in
    2010, in the 100 Mg/ha cell; (7, 7) in 2012, in the 400 one; (5, 1) in 2020, in the 300 one;
    (0, 5) in 2010, not forest, in the 200 one (never counted)."""
    cover = np.full((8, 8), 80, dtype=np.uint8)
    cover[0, 5] = 10
    loss = np.zeros((8, 8), dtype=np.uint8)
    for row, col in [(0, 0), (1, 1), (2, 3), (0, 5)]:
        loss[row, col] = 10
    loss[7, 7] = 12
    loss[5, 1] = 20
    return cover, loss


@contextmanager
def measured(agb: Any = None, sd: Any = None, **options: Any) -> Iterator[Any]:
    """A function of ``years`` measuring the pattern's loss on the biomass map."""
    cover, loss = loss_pattern()
    agb = np.array(AGB, dtype=np.float32) if agb is None else agb
    sd = np.array(SD, dtype=np.float32) if sd is None else sd
    with (
        opened(cover) as tc,
        opened(loss) as ly,
        opened(agb, **{"size": CELL, **options}) as ab,
        opened(sd, **{"size": CELL, **options}) as sdev,
    ):
        loss_tiles = grid.tiles({"treecover2000": [tc], "lossyear": [ly]})
        biomass_tiles = grid.tiles({"agb": [ab], "agb_sd": [sdev]})
        area = box(WEST, NORTH - 8 * PIXEL, WEST + 8 * PIXEL, NORTH)

        def measure(years: Any = None) -> biomass.BiomassAtPixels:
            return biomass.biomass_lost(loss_tiles, biomass_tiles, area, years=years)

        yield measure


def test_the_lost_pixels_take_their_cells_biomass() -> None:
    """2010 and 2012: 100, 100, 100 and 400 Mg/ha on four pixels of (all but) equal area:
    mean 175; spread sqrt((3 x 75² + 225²) / 4) = sqrt(16875) = 129.904; map SD (3 x 10 + 40)
    / 4 = 17.5. Every year adds the 2020 pixel (300): mean 1000 / 5 = 200; spread
    sqrt((3 x 100² + 200² + 100²) / 5) = sqrt(16000) = 126.491; map SD 100 / 5 = 20."""
    with measured() as measure:
        two_years = measure({2010, 2012})
        every_year = measure()
        none = measure({2001})
    assert two_years.pixel_count == 4 and two_years.cell_count == 2
    assert two_years.area_ha == pytest.approx(4 * EQUATOR_PIXEL_HA, abs=4e-7)
    assert two_years.agb_mean_mg_per_ha == pytest.approx(175.0, rel=1e-8)
    assert two_years.agb_spatial_sd_mg_per_ha == pytest.approx(math.sqrt(16875), rel=1e-8)
    assert two_years.agb_sd_mean_mg_per_ha == pytest.approx(17.5, rel=1e-8)
    assert every_year.pixel_count == 5 and every_year.cell_count == 3
    assert every_year.agb_mean_mg_per_ha == pytest.approx(200.0, rel=1e-8)
    assert every_year.agb_spatial_sd_mg_per_ha == pytest.approx(math.sqrt(16000), rel=1e-8)
    assert every_year.agb_sd_mean_mg_per_ha == pytest.approx(20.0, rel=1e-8)
    assert none == biomass.BiomassAtPixels(0.0, 0, 0, None, None, None)


def test_the_lost_pixels_centres_and_areas() -> None:
    cover, loss = loss_pattern()
    with opened(cover) as tc, opened(loss) as ly:
        tiles = grid.tiles({"treecover2000": [tc], "lossyear": [ly]})
        area = box(WEST, NORTH - 8 * PIXEL, WEST + 8 * PIXEL, NORTH)
        lost = hansen.lost_pixels(tiles, area, years=[2012])
    assert lost.x.tolist() == pytest.approx([WEST + 7.5 * PIXEL])
    assert lost.y.tolist() == pytest.approx([NORTH - 7.5 * PIXEL])
    assert lost.area_ha.tolist() == pytest.approx([EQUATOR_PIXEL_HA], abs=1e-7)


def test_a_biomass_map_in_another_coordinate_system() -> None:
    """One 1 km cell of Web Mercator (EPSG:3857) over the whole area: every pixel takes it."""
    with measured(
        np.array([[250.0]]), np.array([[25.0]]), crs="EPSG:3857", west=1_113_000.0,
        north=1000.0, size=1000.0,
    ) as measure:  # fmt: skip
        found = measure()
    assert found.pixel_count == 5 and found.cell_count == 1
    assert found.agb_mean_mg_per_ha == pytest.approx(250.0)
    assert found.agb_spatial_sd_mg_per_ha == pytest.approx(0.0, abs=1e-9)
    assert found.agb_sd_mean_mg_per_ha == pytest.approx(25.0)


def refusal(**options: Any) -> str:
    years = options.pop("years", {2010, 2012})
    with measured(**options) as measure, pytest.raises(ProjectFileError) as caught:
        measure(years)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0].message


def test_no_data_where_forest_was_lost_is_refused_with_the_share() -> None:
    """The 400 Mg/ha cell without data: one of four lost pixels. The 200 Mg/ha cell without
    data is not refused: the one pixel lost there was not forest."""
    agb = np.array(AGB, dtype=np.float32)
    agb[1, 1] = -9999
    assert refusal(agb=agb, nodata=-9999).startswith(
        "the biomass rasters have data at 75.0 % of the area looked up"
    )
    agb = np.array(AGB, dtype=np.float32)
    agb[0, 1] = -9999  # the cell of the non-forest pixel's loss: not looked up
    with measured(agb=agb, nodata=-9999) as measure:
        assert measure({2010, 2012}).pixel_count == 4


def test_a_biomass_map_that_covers_part_of_the_loss_is_refused() -> None:
    """Only the western column of cells: the pixel lost in 2012 (east) is not covered."""
    agb = np.array(AGB, dtype=np.float32)[:, :1]
    sd = np.array(SD, dtype=np.float32)[:, :1]
    assert refusal(agb=agb, sd=sd).startswith(
        "the biomass rasters cover 75.0 % of the area looked up (the pixels lost)"
    )


def test_a_negative_biomass_is_refused() -> None:
    agb = np.array(AGB, dtype=np.float32)
    agb[0, 0] = -5
    assert refusal(agb=agb).startswith("a value of -5 Mg/ha where forest was lost: not an agb")
