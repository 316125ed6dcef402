"""Observed and projected labels: only a scenario's own observed years are labelled observed
(issue 24). A project given as a reduction of an observed baseline year was not observed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import strategies as st_cc
from carboncalc.cli import app
from carboncalc.core import pipeline
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve


def reduction_of_observed_baseline() -> dict[str, Any]:
    """1,000 ha; the baseline observed to clear 10 ha in 2010 and 20 ha in 2011, then 1 %/yr of
    the remaining forest; the project a 75 % reduction of the baseline; the project's own
    clearing observed in 2012 only (1 ha)."""
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=100, length_yr=4)
    d = data["deforestation"]
    d["baseline"]["observed"] = {"values": {"2010": 10, "2011": 20}, "source": "src"}
    d["project"] = {"reduction": {"value": 75, "unit": "%", "source": "src"},
                    "observed": {"values": {"2012": 1}, "source": "src"}}  # fmt: skip
    return data


def test_a_reduction_of_an_observed_baseline_year_is_projected() -> None:
    """By hand: the project clears a quarter of the baseline's observed 10 and 20 ha (2.5 and
    5 ha: projected, from the claimed reduction), its own observed 1 ha in 2012 (observed), and
    in 2013 a quarter of 1 % of its own forest left, (1,000 - 2.5 - 5 - 1) x 0.01 x 0.25 =
    2.47875 ha (projected). The baseline is observed in 2010-2011 and projected after."""
    inputs = resolve(Project.model_validate(reduction_of_observed_baseline()))
    rows = pipeline.emissions(inputs).rows
    assert [r.project_cleared_ha for r in rows] == pytest.approx([2.5, 5.0, 1.0, 2.47875])
    assert [r.baseline_observed for r in rows] == [True, True, False, False]
    assert [r.project_observed for r in rows] == [False, False, True, False]


def test_the_labels_in_json_csv_and_the_table(tmp_path: Path) -> None:
    path = tmp_path / "reduction.yaml"
    path.write_text(json.dumps(reduction_of_observed_baseline()))  # JSON is YAML
    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})

    result = runner.invoke(app, ["emissions", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    years = json.loads(result.stdout)["years"]
    assert [(y["baseline_data"], y["project_data"]) for y in years] == [
        ("observed", "projected"), ("observed", "projected"),
        ("projected", "observed"), ("projected", "projected"),
    ]  # fmt: skip

    result = runner.invoke(app, ["emissions", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    labels = [(r["baseline_data"], r["project_data"]) for r in rows if r["year"].isdigit()]
    assert labels == [(y["baseline_data"], y["project_data"]) for y in years]

    result = runner.invoke(app, ["emissions", str(path)])
    assert result.exit_code == 0, result.stderr
    marks = {line.split()[0]: line.split()[-1] for line in result.stdout.splitlines()
             if line.split() and line.split()[0] in ("2010", "2011", "2012", "2013")}  # fmt: skip
    assert marks == {"2010": "base", "2011": "base", "2012": "proj.", "2013": "-"}
