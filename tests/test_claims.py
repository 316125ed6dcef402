"""Recomputing published claims: conversions, and robustness against any claim a file may hold."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.claims import ClaimCheck, check_claims, to_canonical
from carboncalc.loading import load_factor_table
from carboncalc.model import CLAIM_UNITS, Project

TABLE = load_factor_table()


@pytest.mark.parametrize(
    ("measure", "value", "unit", "expected"),
    [
        ("stock", 3.8, "Gt C", (3.8e9, "t C")),
        ("stock", 79.4, "Mt CO2", (79.4e6, "t CO2")),
        ("area", 360_000, "acre", (360_000 * 0.40468564224, "ha")),
        ("avoided_emissions", 6.2, "Mt CO2e", (6.2e6, "t CO2e")),
        ("avoided_emissions_per_yr", 595_000, "t CO2e/yr", (595_000, "t CO2e/yr")),
        ("vehicles_per_yr", 150_000, "vehicles", (150_000, "vehicles")),
    ],
)
def test_to_canonical(measure: str, value: float, unit: str, expected: tuple[float, str]) -> None:
    got = to_canonical(measure, value, unit)  # type: ignore[arg-type]
    assert got[0] == pytest.approx(expected[0]) and got[1] == expected[1]


def test_claim_shown_in_its_own_unit() -> None:
    check = ClaimCheck("c", "area", "central", claimed=100.0, derived=110.0, unit="ha", how="",
                       published_unit="km2", scale=100.0)  # fmt: skip
    assert (check.claimed_as_published, check.derived_as_published) == (1.0, 1.1)
    assert check.difference_pct == pytest.approx(10.0)


claims = st.fixed_dictionaries(
    {
        "measure": st.sampled_from(sorted(CLAIM_UNITS)),
        "value": st.floats(min_value=0, max_value=1e10),
        "pool": st.sampled_from(["all", "above_ground", "soil", "all_pools"]),
        "years": st.none() | st.tuples(st.integers(1990, 2030), st.integers(0, 30)),
        "factors": st.none() | st.sampled_from(["2024", "2008", "2015"]),
        "over_yr": st.none() | st.integers(1, 50),
    }
)


@given(st.lists(claims, min_size=1, max_size=4), st.data())
def test_any_valid_claim_gives_a_figure_or_a_reason(
    drawn: list[dict[str, Any]], data: st.DataObject
) -> None:
    """Whatever claims a valid file holds, checking them never raises: each gets a derived
    figure, or None with the reason in `how`."""
    project_data = st_cc.project_data()
    project_data["claims"] = []
    for i, c in enumerate(drawn):
        claim: dict[str, Any] = {
            "id": f"c{i}",
            "measure": c["measure"],
            "value": c["value"],
            "unit": data.draw(st.sampled_from(CLAIM_UNITS[c["measure"]])),
            "pool": c["pool"],
            "source": "src",
        }
        if c["years"]:
            claim["years"] = {"first": c["years"][0], "last": c["years"][0] + c["years"][1]}
        if c["measure"] == "vehicles_per_yr":
            claim.update(basis="c0", factors=c["factors"], over_yr=c["over_yr"])
        project_data["claims"].append(claim)
    try:
        project = Project.model_validate(project_data)
    except ValueError:
        return  # not a valid file; the loader tests cover invalid ones
    from carboncalc.model import semantic_problems

    if semantic_problems(project):
        return
    for check in check_claims(project, table=TABLE):
        assert check.derived is not None or check.how
