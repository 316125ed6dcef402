"""What must hold of any project, whatever the accounting rules: drawn over whole project files with
several pools (dry matter, root-to-shoot, pools that decay), rates in periods, reductions,
observed years, burning and credits (``strategies.project_files``)."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.inputs import ProjectInputs
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

SCENARIOS = ("baseline", "project")


def inputs_of(data: dict[str, Any]) -> ProjectInputs:
    return resolve(Project.model_validate(data))


def tolerance(data: dict[str, Any], ef_tco2e_per_ha: float) -> float:
    """Float noise on sums of tonnes over the area: a billionth of the whole forest's tonnes."""
    return 1e-9 * data["area"]["value"] * max(ef_tco2e_per_ha, 1.0) + 1e-6


@given(data=st_cc.project_files(credits=False))
def test_forest_is_conserved_and_nothing_is_negative(data: dict[str, Any]) -> None:
    """Each scenario, each year: forest at the end = forest at its start - hectares cleared, and
    forest at the end of the period + everything cleared = the forest at the start; no hectares,
    forest or tonnes below zero; the delayed and non-CO2 parts are parts of the year's
    emissions."""
    area = data["area"]["value"]
    result = pipeline.emissions(inputs_of(data))
    tol = tolerance(data, result.ef_tco2e_per_ha)
    for s in SCENARIOS:
        forest = area
        for row in result.rows:
            cleared = getattr(row, f"{s}_cleared_ha")
            assert cleared >= 0
            assert getattr(row, f"{s}_forest_ha") == pytest.approx(
                forest - cleared, abs=1e-9 * area
            )
            forest = getattr(row, f"{s}_forest_ha")
            assert forest >= -1e-9 * area
            emitted = getattr(row, f"{s}_emissions_tco2e")
            parts = getattr(row, f"{s}_delayed_tco2e"), getattr(row, f"{s}_non_co2_tco2e")
            assert emitted >= -tol and all(p >= -tol for p in parts)
            assert math.fsum(parts) <= emitted + tol
        total_cleared = math.fsum(getattr(r, f"{s}_cleared_ha") for r in result.rows)
        assert forest + total_cleared == pytest.approx(area, rel=1e-9)


@given(data=st_cc.project_files(credits=False))
def test_emissions_never_exceed_what_the_cleared_forest_held(data: dict[str, Any]) -> None:
    """By the end of any year, a scenario has emitted at most the hectares it has cleared times
    the emission factor per hectare cleared (at once, decaying and burning together): pools that
    decay emit later, never more."""
    result = pipeline.emissions(inputs_of(data))
    ef = result.ef_tco2e_per_ha
    tol = tolerance(data, ef)
    for s in SCENARIOS:
        cleared = emitted = 0.0
        for row in result.rows:
            cleared += getattr(row, f"{s}_cleared_ha")
            emitted += getattr(row, f"{s}_emissions_tco2e")
            assert emitted <= cleared * ef * (1 + 1e-9) + tol


@given(data=st_cc.project_files(credits=False))
def test_avoided_is_baseline_minus_project(data: dict[str, Any]) -> None:
    result = pipeline.emissions(inputs_of(data))
    baseline = math.fsum(r.baseline_emissions_tco2e for r in result.rows)
    project = math.fsum(r.project_emissions_tco2e for r in result.rows)
    assert result.avoided_emissions_tco2e == pytest.approx(
        baseline - project, abs=tolerance(data, result.ef_tco2e_per_ha)
    )


@given(data=st_cc.project_files(credits=False))
def test_a_project_that_does_what_its_baseline_does_avoids_nothing(data: dict[str, Any]) -> None:
    """The project given the baseline's own schedule and observed years: zero avoided emissions
    in every year, whatever the pools, decay and burning."""
    d = data["deforestation"]
    d["project"] = copy.deepcopy(d["baseline"])
    result = pipeline.emissions(inputs_of(data))
    assert all(r.avoided_emissions_tco2e == 0.0 for r in result.rows)


@given(data=st_cc.project_files(), deduction=st.floats(0.0, 0.5))
def test_credits_are_whole_and_never_more_than_was_avoided(
    data: dict[str, Any], deduction: float
) -> None:
    """Credits are whole tonnes, none negative, and never more than the net avoided emissions
    at their best point in the period (the running total's largest value): what a project loses
    later may be taken from its credits, or covered by a pooled buffer, but no rule set issues
    credits for tonnes never avoided."""
    inputs = inputs_of(data)
    result = pipeline.emissions(inputs)
    w = pipeline.credits_of(inputs, result, uncertainty_fraction=deduction)
    assert isinstance(w.credits, int) and w.credits >= 0
    assert all(isinstance(v.credits, int) and v.credits >= 0 for v in w.vintages)
    running = best = 0.0
    for row in result.rows:
        running += row.avoided_emissions_tco2e
        best = max(best, running)
    assert w.credits <= best + tolerance(data, result.ef_tco2e_per_ha)
    assert w.credits_exact_tco2e <= best + tolerance(data, result.ef_tco2e_per_ha)
