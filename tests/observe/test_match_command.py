"""``carboncalc match`` on a landscape where loss depends on the distance to a road and the
project, far from it, has a planted effect (:func:`synthetic_forest.write_road_landscape`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rasterio")
pytest.importorskip("shapely")
pytest.importorskip("scipy")

import synthetic_forest as synthetic
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carboncalc.cli import app

pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")
runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def match_args(made: dict[str, Any], *more: str | Path) -> list[str | Path]:
    """The command with its defaults (1,000 pixels, 100 repeats) on the landscape."""
    p = made["paths"]
    return ["match", p["project"], "-r", p["treecover2000"], "-r", p["lossyear"],
            "--covariate", f"road_m={p['road']}", "--region", p["region"], *more]  # fmt: skip


def matched(made: dict[str, Any], *more: str | Path) -> dict[str, Any]:
    code, out, err = run(*match_args(made, *more), "-f", "json")
    assert code == 0, err
    (result,) = json.loads(out)["projects"]
    return result  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def road(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return synthetic.write_road_landscape(tmp_path_factory.mktemp("road"))


def test_the_matched_interval_holds_the_planted_effect_the_naive_one_misses_it(
    road: dict[str, Any],
) -> None:
    """The planted effect in expectation (11.5 ha here) is inside the 90 % interval; the
    realised one (13.0 ha: the project's own pixels' luck) need not be, as the interval does
    not allow for it."""
    result = matched(road)
    avoided = result["avoided_ha"]
    truth = road["expected_avoided_ha"]
    assert truth == pytest.approx(11.5, abs=0.05)
    assert avoided["low"] <= truth <= avoided["high"]
    naive = sum(y["naive_control"] - y["project"]["mean"] for y in result["post"])
    naive_ha = naive * result["project_forest_ha"]
    assert result["naive_avoided_ha"] == pytest.approx(naive_ha, rel=1e-9)
    assert not avoided["low"] <= naive_ha <= avoided["high"]
    assert naive_ha > 2 * truth  # every candidate, nearer the road, lost more
    assert result["project_forest_ha"] == pytest.approx(road["forest_ha"], rel=1e-9)
    assert all(abs(b["smd_after"]) < 0.1 for b in result["balance"])
    assert any(abs(b["smd_before"]) > 0.25 for b in result["balance"])
    assert result["did_per_yr"] is not None and result["pre_gap_per_yr"]["low"] <= 0
    # matched from 2006, the forest 5 and 10 years before are both the map of 2001: the second
    # adds nothing and is left out (it made the covariance singular and the match refused)
    pre = [b["name"] for b in result["pre_balance"]]
    assert "forest_share_5y_before" in pre and "forest_share_10y_before" not in pre


def test_a_seed_gives_the_same_bytes(road: dict[str, Any]) -> None:
    first = run(*match_args(road, "--seed", "7"), "-f", "json")[1]
    assert first == run(*match_args(road, "--seed", "7"), "-f", "json")[1]
    assert first != run(*match_args(road, "--seed", "8"), "-f", "json")[1]
    # any whole number, as every command's --seed takes it (numpy takes none below 0)
    code, negative, err = run(*match_args(road, "--seed", "-1"), "-f", "json")
    assert code == 0, err
    assert negative == run(*match_args(road, "--seed", "-1"), "-f", "json")[1] != first


def test_the_counterfactual_written_feeds_credits_with_its_spread(
    road: dict[str, Any], tmp_path: Path
) -> None:
    project = road["paths"]["project"]
    folder = project.parent / "matched"
    code, out, err = run(*match_args(road, "--write", folder, "--force"), "-f", "json")
    assert code == 0, err
    (result,) = json.loads(out)["projects"]
    lines = result["project_file_lines"]
    csv = (folder / "square-matched-counterfactual.csv").read_text().splitlines()
    assert csv[0] == "year,cleared_ha" and csv[1].startswith("2011,") and len(csv) == 11
    first = result["post"][0]["control"]["mean"] * result["project_forest_ha"]
    assert float(csv[1].split(",")[1]) == pytest.approx(first, abs=1e-4)
    scale = lines.split("scale: ")[1]
    text = project.read_text()
    source = "\n".join(lines.split("deforestation:")[0].splitlines()[1:])
    observed = lines.split("observed: ")[1].strip()
    text = text.replace("sources:\n", f"sources:\n{source}\n", 1).replace(
        "  residual_carbon:", f"  counterfactual:\n    observed: {observed}\n  residual_carbon:"
    )
    project.write_text(text)
    code, out, err = run("credits", project, "--baseline", "counterfactual", "-f", "json")
    assert code == 0, err
    with_spread = json.loads(out)["rules"]["uncertainty"]
    spread = json.loads(run("uncertainty", project, "--baseline", "counterfactual",
                            "--samples", "500", "-f", "json")[1])  # fmt: skip
    assert spread["uncertain_inputs"] == ["deforestation.counterfactual.observed.scale"]
    assert spread["avoided_tco2e"]["half_width_pct"] > 1
    assert scale.startswith("{value: 1, low: ")
    # the same counterfactual without its spread: the project's rates are fixed, so the
    # Monte Carlo of the avoided emissions against it has none, and no deduction follows
    project.write_text(text.replace(", scale: " + scale.split("}")[0] + "}", ""))
    out = run("credits", project, "--baseline", "counterfactual", "-f", "json")[1]
    without = json.loads(out)["rules"]["uncertainty"]
    assert "half-width 0.0 %" in without["how"] and without["pct"] == 0
    assert "half-width 0.0 %" not in with_spread["how"] and with_spread["pct"] > 0


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 1_000))
def test_a_project_like_its_controls_gets_an_interval_holding_zero(seed: int) -> None:
    """No planted effect: the project's pixels are drawn as every other's."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        made = synthetic.write_road_landscape(Path(folder), seed=seed, effect=1.0)
        avoided = matched(made, "--seed", str(seed), "--sample", "400")["avoided_ha"]
    assert avoided["low"] <= 0 <= avoided["high"]


def refused(made: dict[str, Any], *more: str | Path) -> str:
    code, out, err = run(*match_args(made, *more))
    assert (code, out) == (2, ""), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err.strip()


def test_bad_input_is_one_line(road: dict[str, Any], tmp_path: Path) -> None:
    import numpy as np

    small = tmp_path / "small.geojson"
    top, left, size = synthetic.ROAD_PROJECT
    ring = synthetic.square(top - 2, left - 2, size + 4)  # 496 candidates
    small.write_text(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    assert "fewer than the sample of 1,000: widen the region, or sample fewer" in refused(
        road, "--region", small
    )
    flat = synthetic._write(tmp_path / "flat.tif", np.ones((400, 400), dtype=np.float32))
    assert refused(road, "--covariate", f"flat={flat}") == (
        "carboncalc: covariate flat is the same for every pixel matched: it cannot tell pixels "
        "apart (drop it, or widen the matching region)"
    )
    coarse = synthetic._write(tmp_path / "coarse.tif", np.ones((100, 100), dtype=np.float32),
                              synthetic.PIXEL * 4)  # fmt: skip
    assert refused(road, "--covariate", f"coarse={coarse}").startswith(
        f"{coarse}: covariate coarse: not on the grid of the forest rasters"
    )
    assert refused(road, "--start", "2030") == (
        "carboncalc: a start in 2030: the rasters' years of loss are 2001-2023"
    )
    assert "give NAME=FILE" in refused(road, "--covariate", "road.tif")
    assert refused(road, "--threshold", "90") == (  # cover is 80 % everywhere: no forest
        "carboncalc: the project has no forest in 2011 to match"
    )


def test_the_json_meets_its_contract(road: dict[str, Any]) -> None:
    from carboncalc.render.contracts import output_schema, problems

    code, out, err = run(*match_args(road, "--repeats", "5"), "-f", "json")
    assert code == 0, err
    assert problems(json.loads(out), output_schema("match")) == []


def test_existing_files_are_refused_before_the_work(road: dict[str, Any]) -> None:
    """--write onto a file there is refused at once (nothing measured, nothing written)."""
    project = road["paths"]["project"]
    folder = project.parent / "taken"
    folder.mkdir(exist_ok=True)
    mine = folder / "square-matched-counterfactual.csv"
    mine.write_text("mine\n")
    assert refused(road, "--write", folder) == (f"{mine}: the file exists; --force replaces it")
    assert mine.read_text() == "mine\n"
