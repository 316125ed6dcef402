"""The TMF annual change kernel on small hand-made rasters of 0.00025° pixels."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest

np = pytest.importorskip("numpy")
rasterio = pytest.importorskip("rasterio")
pytest.importorskip("shapely")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rasterio.features import geometry_mask  # noqa: E402
from rasterio.transform import from_origin  # noqa: E402
from shapely.geometry import box  # noqa: E402
from synthetic_forest import in_memory  # noqa: E402

from carboncalc.errors import ProjectFileError  # noqa: E402
from carboncalc.observe import tmf  # noqa: E402
from carboncalc.observe.areas import row_areas_ha  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")
PIXEL = 0.00025
WEST = 10.0
# A pixel whose south edge is the equator [ha] (769.317 m², worked by hand in test_areas.py).
EQUATOR_PIXEL_HA = 0.0769317

# Ten pixels in one row, one trajectory each over 2020, 2021, 2022.
TRAJECTORIES = [
    (1, 1, 3),  # deforested in 2022
    (1, 2, 3),  # degraded in 2021, deforested in 2022
    (2, 2, 3),  # deforested in 2022
    (4, 4, 3),  # regrowth cleared: not forest, not counted
    (1, 2, 2),  # degraded in 2021
    (6, 6, 3),  # other land cover: not counted
    (1, 3, 4),  # deforested in 2021
    (1, 1, 1),  # undisturbed throughout
    (2, 5, 5),  # forest to water in 2021
    (5, 5, 5),  # water throughout
]


def maps(trajectories: Sequence[tuple[int, ...]]) -> Any:
    """The maps of the years, (years, 1, pixels), from one trajectory per pixel."""
    return np.array(trajectories, dtype=np.uint8).T[:, None, :]


@contextmanager
def opened(array: Any, *, south: float = 0.0, filename: str | None = None,
           descriptions: Sequence[str] | None = None,
           nodata: float | None = None) -> Iterator[Any]:  # fmt: skip
    """A GeoTIFF in memory of ``array`` (bands, rows, cols) whose bottom row's south edge is
    ``south``, named ``filename``."""
    transform = from_origin(WEST, south + array.shape[1] * PIXEL, PIXEL, PIXEL)
    with in_memory(array, transform, nodata=nodata, filename=filename,
                   descriptions=descriptions) as dataset:  # fmt: skip
        yield dataset


@contextmanager
def yearly(stack: Any, first_year: int, **options: Any) -> Iterator[list[Any]]:
    """One single-band file per year, named as the JRC names them."""
    with ExitStack() as files:
        yield [
            files.enter_context(opened(stack[i : i + 1], filename=name(first_year + i), **options))
            for i in range(stack.shape[0])
        ]


def name(year: int) -> str:
    return f"JRC_TMF_AnnualChange_v1_{year}_AFR_ID37_N0_E10.tif"


def extent(array: Any, south: float = 0.0) -> Any:
    _, rows, cols = array.shape
    return box(WEST, south, WEST + cols * PIXEL, south + rows * PIXEL)


def by_hand(change: Any) -> None:
    """The figures of TRAJECTORIES, counted by hand, times the pixel's area."""
    px = EQUATOR_PIXEL_HA
    tol = 1e-7 * 10
    assert (change.first_year, change.last_year) == (2020, 2022)
    assert change.boundary_area_ha == pytest.approx(10 * px, abs=tol)
    assert change.forest_at_start_ha == pytest.approx(7 * px, abs=tol)  # pixels 0-2, 4, 6-8
    assert change.forest_at_end_ha == pytest.approx(2 * px, abs=tol)  # pixels 4 and 7
    assert change.deforestation_ha_by_year.keys() == {2021, 2022}
    assert change.deforestation_ha_by_year[2021] == pytest.approx(1 * px, abs=tol)  # pixel 6
    assert change.deforestation_ha_by_year[2022] == pytest.approx(3 * px, abs=tol)  # pixels 0-2
    assert change.degradation_ha_by_year.keys() == {2021}
    assert change.degradation_ha_by_year[2021] == pytest.approx(2 * px, abs=tol)  # pixels 1, 4
    assert change.forest_to_other_ha_by_year.keys() == {2021}
    assert change.forest_to_other_ha_by_year[2021] == pytest.approx(px, abs=tol)  # pixel 8
    assert change.forest_from_other_ha_by_year == {}
    assert change.coverage_fraction == 1.0


def test_one_file_a_year_named_as_the_jrc_names_them() -> None:
    stack = maps(TRAJECTORIES)
    with yearly(stack, 2020) as files:
        found = tmf.annual_tiles(files)
        assert found.bands == {2020: ("2020", 1), 2021: ("2021", 1), 2022: ("2022", 1)}
        by_hand(tmf.annual_change(found, extent(stack)))


def test_one_file_of_all_the_years_with_band_descriptions() -> None:
    stack = maps(TRAJECTORIES)
    with opened(stack, descriptions=["Dec2020", "Dec2021", "Dec2022"]) as dataset:
        found = tmf.annual_tiles([dataset])
        assert found.bands == {2020: ("annual_change", 1), 2021: ("annual_change", 2),
                               2022: ("annual_change", 3)}  # fmt: skip
        by_hand(tmf.annual_change(found, extent(stack)))


def test_one_file_of_all_the_years_without_descriptions_needs_the_first_year() -> None:
    stack = maps(TRAJECTORIES)
    with opened(stack) as dataset:
        by_hand(tmf.annual_change(tmf.annual_tiles([dataset], first_year=2020), extent(stack)))
        with pytest.raises(ProjectFileError, match="the years of its 3 bands are not known"):
            tmf.annual_tiles([dataset])
    with (
        opened(stack, descriptions=["Dec2019", "Dec2020", "Dec2021"]) as dataset,
        pytest.raises(ProjectFileError, match="band 1 is 2019, not the first year given"),
    ):
        tmf.annual_tiles([dataset], first_year=2020)


def refusal(stack: Any, geometry: Any = None, **options: Any) -> str:
    """The message of the one problem the yearly files of ``stack`` are refused with."""
    with yearly(stack, 2020, **options) as files, pytest.raises(ProjectFileError) as caught:
        tmf.annual_change(tmf.annual_tiles(files), geometry or extent(stack))
    assert len(caught.value.problems) == 1
    return caught.value.problems[0].message


def test_no_data_in_any_year_is_refused_with_the_share_that_has_data() -> None:
    trajectories = list(TRAJECTORIES)
    trajectories[3] = (4, 0, 3)  # one of ten pixels without data in 2021
    assert refusal(maps(trajectories)).startswith(
        "the rasters cover 90.0 % of the boundary (no-data pixels in some year)"
    )
    trajectories[3] = (4, 255, 3)
    assert refusal(maps(trajectories), nodata=255).startswith("the rasters cover 90.0 %")


def test_a_value_that_is_not_a_class_is_refused() -> None:
    trajectories = list(TRAJECTORIES)
    trajectories[0] = (1, 7, 3)
    assert refusal(maps(trajectories)) == (
        "a class 7 in band 1: not an annual change layer (classes 0-6)"
    )
    stack = maps(TRAJECTORIES).astype(np.float32)
    assert refusal(stack).startswith("not an annual change layer (whole-number classes")


def test_years_that_do_not_follow_one_another_are_refused() -> None:
    stack = maps(TRAJECTORIES)
    with (
        opened(stack[:1], filename=name(2020)) as first,
        opened(stack[2:], filename=name(2022)) as last,
        pytest.raises(ProjectFileError, match="no map of 2021: the years must follow"),
    ):
        tmf.annual_tiles([first, last])
    with (
        opened(stack[:1], filename="annual_change.tif") as unnamed,
        pytest.raises(ProjectFileError, match="the year of this map is not in its name"),
    ):
        tmf.annual_tiles([unnamed])
    with (
        opened(stack[:1], filename=name(2020)) as one,
        opened(stack, descriptions=["2020", "2021", "2022"]) as three,
        pytest.raises(ProjectFileError, match="give either one file per year or one file"),
    ):
        tmf.annual_tiles([one, three])


def test_a_tile_without_a_year_is_refused() -> None:
    """Two tiles side by side; the east one lacks 2022."""
    stack = maps(TRAJECTORIES)
    with ExitStack() as files:
        west = [files.enter_context(opened(stack[i : i + 1], filename=name(2020 + i)))
                for i in range(3)]  # fmt: skip
        east = [files.enter_context(opened(stack[i : i + 1], south=PIXEL, filename=name(2020 + i)))
                for i in range(2)]  # fmt: skip
        with pytest.raises(ProjectFileError, match="no 2022 raster on this one's grid"):
            tmf.annual_tiles(west + east)


@settings(deadline=None, max_examples=60)
@given(
    seed=st.integers(0, 2**32 - 1),
    years=st.integers(2, 5),
    corners=st.tuples(*[st.floats(0, 1) for _ in range(4)]),
    south=st.sampled_from([-20.0, 0.0, 15.0]),
)
def test_forest_at_the_start_is_accounted_for(
    seed: int, years: int, corners: tuple[float, float, float, float], south: float
) -> None:
    """For any sequence of classes and any box holding 2 x 2 pixels or more:
    forest at the start + forest from other classes = deforestation + forest to other classes
    + forest at the end; and each year's deforestation and degradation are the pixels counted
    one by one (numpy over the whole raster) times their row's area."""
    rng = np.random.default_rng(seed)
    stack = rng.integers(1, 7, (years, 12, 12), dtype=np.uint8)
    x0, x1 = sorted(corners[:2])
    y0, y1 = sorted(corners[2:])
    size = 12 * PIXEL
    x0, x1 = WEST + x0 * (size - 2 * PIXEL), WEST + 2 * PIXEL + x1 * (size - 2 * PIXEL)
    y0, y1 = south + y0 * (size - 2 * PIXEL), south + 2 * PIXEL + y1 * (size - 2 * PIXEL)
    geometry = box(x0, y0, x1, y1)
    with yearly(stack, 2000, south=south) as files:
        change = tmf.annual_change(tmf.annual_tiles(files), geometry)
    total = math.fsum
    parts_in = change.forest_at_start_ha + total(change.forest_from_other_ha_by_year.values())
    parts_out = (
        total(change.deforestation_ha_by_year.values())
        + total(change.forest_to_other_ha_by_year.values())
        + change.forest_at_end_ha
    )
    assert parts_in == pytest.approx(parts_out, rel=1e-9)
    transform = from_origin(WEST, south + size, PIXEL, PIXEL)
    inside = geometry_mask([geometry], out_shape=(12, 12), transform=transform, invert=True)
    row_ha = row_areas_ha(transform, 12, geographic=True)
    for year in range(2001, 2000 + years):
        before, after = stack[year - 2001], stack[year - 2000]
        lost = inside & np.isin(before, (1, 2)) & (after == 3)
        degraded = inside & (before == 1) & (after == 2)
        expected = float(row_ha @ lost.sum(axis=1))
        assert change.deforestation_ha_by_year.get(year, 0.0) == pytest.approx(expected)
        expected = float(row_ha @ degraded.sum(axis=1))
        assert change.degradation_ha_by_year.get(year, 0.0) == pytest.approx(expected)
    assert change.boundary_area_ha == pytest.approx(float(row_ha @ inside.sum(axis=1)))
