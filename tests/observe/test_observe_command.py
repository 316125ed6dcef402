"""``carboncalc observe`` as a user meets it, on the synthetic project of :mod:`synthetic_forest`:
figures against the hand count, the files it writes and the project file that cites them, and
one located line with exit 2 for each kind of bad input."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("rasterio")
pytest.importorskip("shapely")

import synthetic_forest as synthetic
from typer.testing import CliRunner

from carboncalc.cli import app

pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")
runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
PIXEL_HA = 769.317 / 10_000  # at the equator (test_areas.py); within 2e-6 up to 0.2°N


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, list[str]]:
    """The project file and the two rasters' options."""
    tiles = synthetic.write_tiles(tmp_path)
    project = synthetic.write_project(tmp_path / "square")
    return project, [arg for tile in tiles for arg in ("-r", str(tile))]


def observed(project: Path, rasters: list[str], *more: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run("observe", project, *rasters, *more, "-f", "json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_loss_by_year_is_the_hand_count(made: tuple[Path, list[str]]) -> None:
    project, rasters = made
    doc = observed(project, rasters)
    (result,) = doc["projects"]
    inside, ring = result["zones"]
    assert (inside["kind"], ring["kind"]) == ("project", "ring")
    assert inside["zone_area_ha"] == pytest.approx(6_400 * PIXEL_HA, rel=1e-5)
    assert inside["forest_at_start_ha"] == pytest.approx(6_400 * PIXEL_HA, rel=1e-5)
    assert inside["coverage_fraction"] == 1.0
    for kind, zone in (("project", inside), ("ring", ring)):
        by_year = {int(y): ha for y, ha in zone["loss_ha_by_year"].items()}
        assert sorted(by_year) == list(range(2001, 2024))  # GFC-2023: every year to 2023
        for year, ha in by_year.items():
            pixels = synthetic.LOSS_PIXELS[kind].get(year, 0)
            assert ha == pytest.approx(pixels * PIXEL_HA, rel=1e-5, abs=1e-12)
    assert result["version"] == "GFC-2023-v1.11"
    assert result["ring_width_km"] == 10
    # a ring of w = 10 km around a square of 0.02° (s1 = 2.22639 km east-west, s2 = 2.21149 km
    # north-south at the equator) is 2 (s1 + s2) w + π w² = 402.917 km²; the buffer's corners
    # make a 64-sided circle, whose area is 64/(2π) sin(2π/64) = 0.998394 of π w²: 402.411 km²
    assert ring["zone_area_ha"] == pytest.approx(40_241.1, rel=5e-4)
    digests = {f["role"]: f["sha256"] for f in result["files"]}
    boundary = project.parent / "boundary.geojson"
    assert digests["boundary"] == hashlib.sha256(boundary.read_bytes()).hexdigest()
    tile = Path(rasters[3])
    assert digests["lossyear"] == hashlib.sha256(tile.read_bytes()).hexdigest()
    assert doc["written"] == []
    assert any("not a matched control" in note for note in doc["notes"])


def test_the_table_gives_the_answer_first_and_csv_one_row_per_year(
    made: tuple[Path, list[str]],
) -> None:
    project, rasters = made
    code, out, _ = run("observe", project, *rasters, "--ring", "0")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith(f"square: {60 * PIXEL_HA:.1f} ha of forest lost 2001-2023 inside")
    assert "ring" not in out.split("Measured from")[0]
    code, out, _ = run("observe", project, *rasters, "-f", "csv", "--from", "2005", "--to", "2006")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["zone"], r["year"]) for r in rows] == [
        ("project", "2005"), ("project", "2006"), ("ring", "2005"), ("ring", "2006")]  # fmt: skip
    assert float(rows[0]["loss_ha"]) == pytest.approx(40 * PIXEL_HA, rel=1e-5)


def test_written_files_feed_the_project_file_and_its_credits(
    made: tuple[Path, list[str]],
) -> None:
    """--write DIR inside the project's folder: one CSV per zone over the accounting period
    (2004-2013), cited by the lines printed; with them, `emissions` clears what was seen."""
    project, rasters = made
    doc = observed(project, rasters, "--write", project.parent / "observed")
    assert doc["written"] == [f"{project.parent}/observed/square-{k}-loss.csv"
                              for k in ("project", "ring")]  # fmt: skip
    text = (project.parent / "observed" / "square-project-loss.csv").read_text()
    lines = text.splitlines()
    assert lines[0] == "year,cleared_ha" and len(lines) == 11
    assert lines[2] == f"2005,{40 * PIXEL_HA:.4f}"
    cite = doc["projects"][0]["project_file_lines"]
    assert "observed: {file: observed/square-project-loss.csv, source: hansen-gfc-2023-v1-11" in (
        cite
    )
    # the project file, with the source and the project's observed loss added as printed
    added = project.read_text().replace(
        "    rate: {value: 0, unit: \"%/yr\", basis: initial, source: synthetic}\n",
        "    observed: {file: observed/square-project-loss.csv, source: hansen-gfc-2023-v1-11}\n",
    ).replace("sources:\n", "sources:\n" + "\n".join(cite.split("deforestation:")[0]
                                                      .splitlines()[1:]) + "\n")  # fmt: skip
    project.write_text(added)
    code, out, err = run("emissions", project, "-f", "json")
    assert code == 0, err
    years = {row["year"]: row for row in json.loads(out)["years"]}
    assert years[2005]["project_cleared_ha"] == pytest.approx(40 * PIXEL_HA, abs=1e-4)
    assert years[2012]["project_cleared_ha"] == pytest.approx(20 * PIXEL_HA, abs=1e-4)
    assert years[2006]["project_cleared_ha"] == 0
    code, out, err = run("credits", project, "-f", "json")
    assert code == 0, err


def test_written_files_are_never_replaced_without_force(made: tuple[Path, list[str]]) -> None:
    project, rasters = made
    folder = project.parent / "observed"
    assert run("observe", project, *rasters, "--write", folder)[0] == 0
    mine = folder / "square-ring-loss.csv"
    mine.write_text("my own notes\n")
    code, out, err = run("observe", project, *rasters, "--write", folder)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{folder}/square-project-loss.csv: the file exists; --force replaces it",
        f"{folder}/square-ring-loss.csv: the file exists; --force replaces it",
    ]
    assert mine.read_text() == "my own notes\n"
    assert run("observe", project, *rasters, "--write", folder, "--force")[0] == 0
    assert mine.read_text().startswith("year,cleared_ha\n2004,")


def refused(*args: str | Path) -> str:
    """The one line ``observe`` refuses these arguments with (exit 2, nothing on stdout)."""
    code, out, err = run("observe", *args)
    assert (code, out) == (2, ""), err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err.strip()


def test_bad_input_is_one_located_line(made: tuple[Path, list[str]], tmp_path: Path) -> None:
    project, rasters = made
    treecover = rasters[1]
    assert refused(project, "-r", treecover) == (
        "carboncalc: --raster: no lossyear raster: give its tiles with --raster"
    )
    assert "which layer is it?" in refused(project, *rasters, "-r", tmp_path / "x.tif")
    corrupt = tmp_path / "Hansen_GFC-2023-v1.11_lossyear_00N_000E.tif"
    corrupt.write_bytes(b"II*\0" + b"\xff" * 100)
    assert refused(project, "-r", treecover, "-r", corrupt).startswith(
        f"{corrupt}: not a raster carboncalc can read (GDAL: "
    )
    assert refused(project, "-r", treecover, "-r", f"lossyear={tmp_path}") == (
        f"{tmp_path}: not a regular file: give a GeoTIFF"
    )
    ring = refused(project, *rasters, "--ring", "20")
    assert ring.startswith(f"{treecover}: the 20 km ring: the rasters cover ")
    assert ring.endswith(
        " % of it: add the neighbouring tiles, or give a narrower --ring (--ring 0 for none)"
    )
    loss = synthetic.layers()[1]
    loss[500, 500] = 31
    (tmp_path / "future").mkdir()
    future = synthetic.write_tiles(tmp_path / "future", loss=loss)[1]
    assert refused(project, "-r", treecover, "-r", future) == (
        f"{future}: a loss in 2031, after 2023, the last year of GFC-2023-v1.11: not that "
        "version's lossyear layer (or the file is misnamed)"
    )
    assert refused(project, *rasters, "--from", "1999") == (
        "carboncalc: --from 1999: give years within the rasters' 2001-2023, the first not "
        "after the last"
    )


def test_a_boundary_outside_or_not_polygons_is_refused(
    made: tuple[Path, list[str]], tmp_path: Path
) -> None:
    project, rasters = made
    away = tmp_path / "away.geojson"
    away.write_text(json.dumps({"type": "Polygon", "coordinates": [
        [[50, 50], [50.01, 50], [50.01, 50.01], [50, 50.01], [50, 50]]]}))  # fmt: skip
    assert refused(project, *rasters, "--boundary", away).endswith(
        "the rasters cover 0.0 % of the boundary: a boundary is measured only where the rasters "
        "cover all of it (add the neighbouring tiles)"
    )
    (project.parent / "boundary.geojson").write_text('{"type": "Polygon", "coordinates": [')
    assert refused(project, *rasters).startswith(f"{project.parent}/boundary.geojson:1:")
    project.write_text(project.read_text().replace("file: boundary.geojson", "file: ../x.json"))
    assert refused(project, *rasters).endswith(
        "boundary.file: '../x.json': `..` leads out of the project file's folder; not read"
    )
    project.write_text(synthetic.PROJECT_YAML.replace("boundary:\n  file: boundary.geojson\n"
                                                      "  source: synthetic\n", ""))  # fmt: skip
    assert "no `boundary` in the project file" in refused(project, *rasters)


def test_a_boundary_in_utm_is_carried_to_the_rasters(made: tuple[Path, list[str]]) -> None:
    """The project's square written in UTM zone 32N (a GeoJSON `crs` member) measures the
    same pixels as in longitude and latitude."""
    from rasterio.warp import transform

    project, rasters = made
    lonlat = synthetic.square(synthetic.TOP, synthetic.LEFT, synthetic.SIZE)
    xs, ys = transform("EPSG:4326", "EPSG:32632", [p[0] for p in lonlat], [p[1] for p in lonlat])
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32632"}}
    utm = {"type": "Polygon", "crs": crs,
           "coordinates": [[[x, y] for x, y in zip(xs, ys, strict=True)]]}  # fmt: skip
    (project.parent / "boundary.geojson").write_text(json.dumps(utm))
    inside = observed(project, rasters, "--ring", "0")["projects"][0]["zones"][0]
    assert inside["zone_area_ha"] == pytest.approx(6_400 * PIXEL_HA, rel=1e-3)
    assert inside["loss_ha_by_year"]["2005"] == pytest.approx(40 * PIXEL_HA, rel=1e-5)


def test_a_folder_in_parallel_is_each_project_alone(
    made: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Two projects in a folder, and a project file without a boundary left out."""
    project, rasters = made
    folder = project.parent
    small = synthetic.write_project(tmp_path / "small", ring=synthetic.square(100, 200, 40))
    (folder / "small.geojson").write_bytes((small.parent / "boundary.geojson").read_bytes())
    text = small.read_text().replace("boundary.geojson", "small.geojson")
    (folder / "small.yaml").write_text(text)
    (folder / "nowhere.yaml").write_text(text.replace("boundary:\n  file: small.geojson\n"
                                                      "  source: synthetic\n", ""))  # fmt: skip
    code, out, err = run("observe", folder, *rasters, "--ring", "2", "--jobs", "2", "-f", "json")
    assert (code, err) == (0, "1 project files without a `boundary` left out: nowhere.yaml\n")
    together = json.loads(out)["projects"]
    assert [p["project"] for p in together] == ["small", "square"]
    for p in together:
        alone = observed(folder / f"{p['project']}.yaml", rasters, "--ring", "2")["projects"]
        assert alone == [p]
    assert together[0]["zones"][0]["zone_area_ha"] == pytest.approx(1_600 * PIXEL_HA, rel=1e-5)


def test_on_a_dask_cluster_the_result_is_the_same(made: tuple[Path, list[str]]) -> None:
    distributed = pytest.importorskip("distributed")
    project, rasters = made
    here = observed(project, rasters, "--ring", "2")
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        there = observed(project, rasters, "--ring", "2", "--scheduler", cluster.scheduler_address)
    assert there["projects"] == here["projects"]


def test_without_the_extra_it_names_the_extra_to_install(made: tuple[Path, list[str]]) -> None:
    project, rasters = made
    code = (
        "import sys; sys.modules['rasterio'] = None; sys.argv = ['carboncalc', 'observe', "
        f"{str(project)!r}, *{rasters!r}]; from carboncalc.__main__ import run; run()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "carboncalc: carboncalc observe needs the raster extra (rasterio, shapely, pyshp): in "
        "carboncalc's folder, pip install '.[raster]'\n"
    )


def test_tmf_deforestation_and_degradation_by_hand(made: tuple[Path, list[str]]) -> None:
    project, _ = made
    tiles = synthetic.write_tmf(project.parent.parent)
    doc = observed(project, [a for t in tiles for a in ("-r", str(t))], "--dataset", "tmf")
    (result,) = doc["projects"]
    assert result["version"] == "v1" and result["threshold_pct"] is None
    assert doc["years"] == {"first": 2020, "last": 2022}
    for zone in result["zones"]:
        for year in (2020, 2021, 2022):
            pixels = synthetic.TMF_DEFORESTED[zone["kind"]].get(year, 0)
            assert zone["loss_ha_by_year"][str(year)] == pytest.approx(pixels * PIXEL_HA, rel=1e-5)
            degraded = synthetic.TMF_DEGRADED[zone["kind"]].get(year, 0)
            assert zone["degradation_ha_by_year"][str(year)] == pytest.approx(
                degraded * PIXEL_HA, rel=1e-5
            )
    assert "jrc-tmf-v1" in result["project_file_lines"]
    code, out, _ = run("observe", project, *[a for t in tiles for a in ("-r", str(t))], "-d",
                       "tmf", "--ring", "0")  # fmt: skip
    assert code == 0 and out.startswith(f"square: {60 * PIXEL_HA:.1f} ha deforested 2020-2022")
    assert "project degr." in out


def test_biomass_of_the_forest_lost_by_hand(made: tuple[Path, list[str]]) -> None:
    project, rasters = made
    maps = synthetic.write_biomass(project.parent.parent)
    biomass = [a for m in maps for a in ("--biomass", str(m))]
    lost = observed(project, rasters, *biomass, "--ring", "0")["projects"][0]["biomass_lost"]
    assert lost["pixel_count"] == 60 and lost["cell_count"] == 10
    assert lost["agb_mean_mg_per_ha"] == pytest.approx(14_000 / 60, rel=1e-5)
    assert lost["agb_spatial_sd_mg_per_ha"] == pytest.approx(94.2809, rel=1e-5)
    assert lost["agb_sd_mean_mg_per_ha"] == pytest.approx(1_400 / 60, rel=1e-5)
    doc = observed(project, rasters, *biomass, "--from", "2005", "--to", "2005")
    lost = doc["projects"][0]["biomass_lost"]
    assert (lost["first_year"], lost["last_year"], lost["pixel_count"]) == (2005, 2005, 40)
    assert lost["agb_mean_mg_per_ha"] == pytest.approx(200, rel=1e-5)
    assert lost["agb_spatial_sd_mg_per_ha"] == pytest.approx(100, rel=1e-5)
    lines = doc["projects"][0]["project_file_lines"]
    assert "      value: 200.00\n      sd: 20.00\n      unit: t dm/ha\n" in lines
    assert "carbon_fraction: {value: 0.47, source: ipcc-2006-v4-ch4" in lines


def test_allocated_baseline_is_the_sum_inside(made: tuple[Path, list[str]]) -> None:
    project, _ = made
    risk = synthetic.write_allocation(project.parent.parent)
    doc = observed(project, ["-r", str(risk)], "-d", "vt0007")
    allocation = doc["projects"][0]["allocation"]
    assert allocation["pixel_count"] == 6_400
    assert allocation["baseline_ha_per_yr"] == pytest.approx(6.4, rel=1e-6)
    assert (
        "rate: {value: 6.4000, unit: ha/yr, source: verra-vt0007"
        in (doc["projects"][0]["project_file_lines"])
    )
    code, out, _ = run("observe", project, "-r", risk, "-d", "vt0007", "-f", "csv")
    assert code == 0
    assert out.splitlines()[0] == "project,baseline_ha_per_yr,zone_area_ha,pixel_count"
    assert refused(project, "-r", risk, "-d", "vt0007", "--write", project.parent).startswith(
        "carboncalc: --write writes observed loss by year; an allocated risk map gives one"
    )


WGS84_WKT = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)


def test_a_shapefile_boundary_measures_as_its_geojson(
    made: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """The project's square written as a shapefile (pyshp, in the raster extra) with its .prj
    gives the GeoJSON's figures; without the .prj it is refused."""
    shapefile = pytest.importorskip("shapefile")
    project, rasters = made
    square = synthetic.square(synthetic.TOP, synthetic.LEFT, synthetic.SIZE)
    with shapefile.Writer(str(tmp_path / "square"), shapeType=shapefile.POLYGON) as out:
        out.field("name", "C")
        out.poly([list(reversed(square))])  # an outer ring is clockwise in a shapefile
        out.record("square")
    (tmp_path / "square.prj").write_text(WGS84_WKT)
    from_geojson = observed(project, rasters, "--ring", "0")["projects"][0]["zones"]
    shp = tmp_path / "square.shp"
    from_shp = observed(project, rasters, "--ring", "0", "--boundary", str(shp))
    assert from_shp["projects"][0]["zones"] == from_geojson
    (tmp_path / "square.prj").unlink()
    assert refused(project, *rasters, "--boundary", shp) == (
        f"{shp}: no .prj file beside the shapefile: its coordinate system is unknown (add the "
        ".prj, or give the boundary as GeoJSON or KML)"
    )


def test_the_ring_is_written_as_its_share_applied_to_the_projects_forest(
    made: tuple[Path, list[str]],
) -> None:
    """The ring's CSV holds the project's forest cleared at the ring's yearly share of its own
    forest, not the ring's hectares (the ring is 8 times the project's area here)."""
    project, rasters = made
    doc = observed(project, rasters, "--write", project.parent / "observed")
    inside, ring = doc["projects"][0]["zones"]
    share_2005 = 100 * PIXEL_HA / ring["forest_at_start_ha"]
    expected = share_2005 * inside["forest_at_start_ha"]
    text = (project.parent / "observed" / "square-ring-loss.csv").read_text()
    assert text.splitlines()[2] == f"2005,{expected:.4f}"
    assert expected < 100 * PIXEL_HA / 5
    assert "as a yearly share of its" in doc["projects"][0]["project_file_lines"]


def test_write_refuses_what_a_project_file_could_not_cite(
    made: tuple[Path, list[str]], tmp_path: Path
) -> None:
    project, rasters = made
    outside = tmp_path / "elsewhere"
    assert refused(project, *rasters, "--write", outside) == (
        f"{outside}: --write: not inside {project.parent.resolve()}, the folder of square.yaml: "
        "a project file cites only files in its own folder; give --write a folder there"
    )
    assert not outside.exists()
    project.write_text(project.read_text().replace("start: 2004-01-01", "start: 2004-07-01"))
    lines = observed(project, rasters)["projects"][0]["project_file_lines"]
    assert "# the accounting period starts on 1 July: each projection year takes the loss" in lines
    project.write_text(project.read_text().replace("start: 2004-07-01", "start: 2025-01-01"))
    assert refused(project, *rasters, "--write", project.parent / "late") == (
        "carboncalc: square: its accounting period 2025-2034 has no year in the rasters' "
        "2001-2023: there is no observed loss to write"
    )
    assert not (project.parent / "late").exists()


def test_a_cut_short_tiff_names_the_file(made: tuple[Path, list[str]], tmp_path: Path) -> None:
    project, rasters = made
    whole = Path(rasters[3]).read_bytes()
    cut = tmp_path / "cut" / Path(rasters[3]).name
    cut.parent.mkdir()
    cut.write_bytes(whole[: len(whole) // 2])
    assert refused(project, "-r", rasters[1], "-r", cut).startswith(
        f"{cut}: damaged or cut short: its pixels cannot be read (GDAL: "
    )


def test_biomass_problems_name_the_biomass_option(made: tuple[Path, list[str]]) -> None:
    project, rasters = made
    agb = synthetic.write_biomass(project.parent.parent)[0]
    assert refused(project, *rasters, "--biomass", agb) == (
        "carboncalc: --biomass: no agb_sd raster: give its tiles with --biomass"
    )


def test_the_same_rasters_in_utm_give_the_same_hectares(
    made: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """The tiles reprojected to UTM zone 32N at 10 m (nearest neighbour) and measured with cell
    areas give the ellipsoid's figures within 0.1 % over a square of 400 x 400 pixels."""
    import rasterio
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    project, rasters = made
    (project.parent / "boundary.geojson").write_text(json.dumps(
        {"type": "Polygon", "coordinates": [synthetic.square(240, 240, 400)]}))  # fmt: skip
    lonlat = observed(project, rasters, "--ring", "0")["projects"][0]["zones"][0]
    utm = []
    for path in (rasters[1], rasters[3]):
        with rasterio.open(path) as src:
            transform, width, height = calculate_default_transform(
                src.crs, "EPSG:32632", src.width, src.height, *src.bounds, resolution=10
            )
            target = tmp_path / "utm" / Path(path).name
            target.parent.mkdir(exist_ok=True)
            profile = dict(src.profile, crs="EPSG:32632", transform=transform, width=width,
                           height=height)  # fmt: skip
            with rasterio.open(target, "w", **profile) as out:
                reproject(rasterio.band(src, 1), rasterio.band(out, 1),
                          resampling=Resampling.nearest)  # fmt: skip
        utm += ["-r", str(target)]
    projected = observed(project, utm, "--ring", "0")["projects"][0]["zones"][0]
    assert projected["zone_area_ha"] == pytest.approx(lonlat["zone_area_ha"], rel=1e-3)
    assert projected["forest_at_start_ha"] == pytest.approx(lonlat["forest_at_start_ha"], rel=1e-3)
    # (the loss is lines one pixel wide, 27.6 m, which nearest-neighbour resampling to 10 m
    # cells makes 20 or 30 m wide: no test of areas)


def test_the_json_meets_its_contract(made: tuple[Path, list[str]]) -> None:
    """Every dataset's document is valid against `carboncalc schema --command observe`."""
    from carboncalc.render.contracts import output_schema, problems

    project, rasters = made
    folder = project.parent.parent
    tmf = [a for t in synthetic.write_tmf(folder) for a in ("-r", str(t))]
    biomass = [a for m in synthetic.write_biomass(folder) for a in ("--biomass", str(m))]
    risk = ["-r", str(synthetic.write_allocation(folder))]
    runs = [[*rasters], [*rasters, *biomass, "--ring", "0"], [*tmf, "-d", "tmf"],
            [*risk, "-d", "vt0007"]]  # fmt: skip
    for args in runs:
        code, out, err = run("observe", project, *args, "-f", "json")
        assert code == 0, err
        assert problems(json.loads(out), output_schema("observe")) == [], args


@pytest.mark.parametrize("command", ["observe", "match"])
def test_force_without_write_is_refused(made: tuple[Path, list[str]], command: str) -> None:
    """--force alone replaces nothing: said before any work, as `ledger` says it."""
    project, rasters = made
    code, out, err = run(command, project, *rasters, "--force")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["carboncalc: --force: needs --write (it lets --write replace "
                                "the CSV files it writes)"]  # fmt: skip
