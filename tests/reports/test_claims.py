"""Recomputing published claims: conversions, and robustness against any claim a file may hold."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core.claims import ClaimCheck, check_claims, to_canonical
from carboncalc.files.factor_editions import load_factor_table
from carboncalc.files.model import CLAIM_UNITS

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
    from carboncalc.errors import ProjectFileError
    from carboncalc.files.validation import validate
    from carboncalc.files.yamlio import Document

    try:
        project = validate(Document(path="claims.yaml", data=project_data))
    except ProjectFileError:
        return  # not a valid file; the loader tests cover invalid ones
    from carboncalc.files.resolve import resolve

    for check in check_claims(resolve(project), table=TABLE):
        assert check.derived is not None or check.how


@pytest.mark.parametrize(
    ("value", "expected_pct"),
    [(3.8, 0.05 / 3.8 * 100), (150_000, 5_000 / 150_000 * 100), (145_945, 0.5 / 145_945 * 100),
     (6.2, 0.05 / 6.2 * 100), (0.0844, 0.00005 / 0.0844 * 100), (500_000, 10.0), (0, 0.0)],
)  # fmt: skip
def test_precision_pct_is_half_the_last_significant_digit(
    value: float, expected_pct: float
) -> None:
    from carboncalc.core.claims import precision_pct

    assert precision_pct(value) == pytest.approx(expected_pct)


@pytest.mark.parametrize(
    ("derived", "tolerance", "verdict"),
    [(101.0, 1.0, "holds"), (99.0, 1.0, "holds"), (101.01, 1.0, "fails"), (None, 1.0, "unchecked"),
     (100.0, 0.0, "holds")],
)  # fmt: skip
def test_verdict_on_the_boundary(derived: float | None, tolerance: float, verdict: str) -> None:
    check = ClaimCheck("c", "area", "central", claimed=100.0, derived=derived, unit="ha",
                       how="", published_unit="ha", scale=1.0, tolerance_pct=tolerance)  # fmt: skip
    assert check.verdict == verdict


@given(
    claimed=st.floats(min_value=1e-3, max_value=1e12),
    ratio=st.floats(min_value=0.5, max_value=2.0),
    tolerance=st.floats(min_value=0, max_value=50),
)
def test_verdict_agrees_with_the_difference(claimed: float, ratio: float, tolerance: float) -> None:
    check = ClaimCheck("c", "area", "central", claimed=claimed, derived=claimed * ratio,
                       unit="ha", how="", published_unit="ha", scale=1.0,
                       tolerance_pct=tolerance)  # fmt: skip
    diff = abs(ratio - 1) * 100
    if diff < tolerance * (1 - 1e-6):
        assert check.verdict == "holds"
    elif diff > tolerance * (1 + 1e-6):
        assert check.verdict == "fails"


def test_seed_checks() -> None:
    """The seed projects' claims: which hold, which fail, and what they imply."""
    from carboncalc.files.loading import load_project

    def verdicts(name: str) -> dict[tuple[str, str], ClaimCheck]:
        inputs = load_project(name).inputs
        return {(c.claim_id, c.case): c for c in check_claims(inputs, table=TABLE)}

    sh = verdicts("sacred-headwaters")[("stock-3.8bn", "central")]
    assert sh.verdict == "fails"  # 60 M acres x 66 t C/acre = 3.96 Gt, not "some 3.8"
    implied = {i.what: i.value for i in sh.implied}
    assert implied["the same per acre"] == pytest.approx(3.8e9 / 60e6)  # 63.3 t C/acre

    la = verdicts("los-amigos")
    assert {k: c.verdict for k, c in la.items()} == {
        ("avoided-per-yr", "low"): "holds",
        ("avoided-per-yr", "high"): "holds",
        ("area-acres", "central"): "holds",  # 360,000 acres is 145,945 ha to 2 figures
    }

    am = verdicts("alto-mayo")
    cars = am[("cars-2008-2016", "central")]
    assert cars.verdict == "holds"
    implied = {i.what: i.value for i in cars.implied}
    assert implied["the published count implies"] == pytest.approx(6.2e6 / 9 / 150_000)
    assert implied["years spanned"] == 9
    assert implied["vehicles at the current factors (2024, 4.29 t)"] == pytest.approx(
        6.2e6 / 9 / 4.29
    )
    er = am[("er-2008-2016", "central")]
    assert er.verdict == "fails"  # at the assumed density and baseline: 1.36 Mt, not 6.2
    assert "deforestation.baseline.rate" in er.assumptions
