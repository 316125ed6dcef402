"""Figures in sentences (the report's summary, verdicts and what it rests on): rounded to the
significant figures asked for, in t, Mt or Gt; inputs and claims named in words."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core.claims import ClaimCheck, Implied
from carboncalc.files.loading import load_project
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve
from carboncalc.render.prose import (
    about,
    claim_words,
    count,
    implied_words,
    input_words,
    interval_words,
    mass,
    mass_pair,
    mass_span,
    share,
)


@given(x=st.floats(min_value=1e-6, max_value=1e15), digits=st.integers(1, 4))
def test_about_rounds_as_python_formats_significant_figures(x: float, digits: int) -> None:
    """Rounded as f"{x:.{digits}g}" rounds it (correctly rounded, ties to even), shown with
    thousands separators and no exponent."""
    shown = about(x, digits)
    assert "e" not in shown
    assert float(shown.replace(",", "")) == float(f"{x:.{digits}g}")
    assert float(about(-x, digits).replace(",", "")) == -float(shown.replace(",", ""))


@pytest.mark.parametrize(
    ("tonnes", "shown"),
    [(2_336_905, "2.34 Mt CO2e"), (40_741, "40,700 t CO2e"), (-40_741, "-40,700 t CO2e"),
     (14.52e9, "14.5 Gt CO2e"), (999_999, "1.00 Mt CO2e"), (0.0, "0 t CO2e")],
)  # fmt: skip
def test_mass_in_the_prefix_that_reads_best(tonnes: float, shown: str) -> None:
    assert mass(tonnes) == shown


def test_intervals_and_pairs_share_the_figures_prefix() -> None:
    """Alto Mayo's 90 % interval of avoided emissions, 1,104,179 to 3,578,326 t, beside its
    2,336,905: 1.10 to 3.58 Mt (3 significant figures, as the terminal); the tornado's ends
    for the density, 966,995 and 3,706,816."""
    assert mass_span(1_104_179, 3_578_326, 2_336_905) == "1.10 to 3.58 Mt CO2e"
    assert mass_pair(966_995, 3_706_816) == "0.967 to 3.71 Mt CO2e"
    assert mass_pair(2_336_905, 2_336_905) == "2.34 Mt CO2e at both"


def test_counts_and_shares() -> None:
    assert (count(581_716), count(1_367_809), count(48_789, 2)) == ("582,000", "1.37 million",
                                                                     "49,000")  # fmt: skip
    assert count(5.1e9, 2) == "5.1 billion"
    assert (share(-82.62), share(0.81), share(4.21)) == ("83 %", "0.81 %", "4.2 %")


def paths_of(data: dict[str, Any]) -> list[str]:
    return [q.path for q in resolve(Project.model_validate(data)).values]


@settings(max_examples=40, deadline=None)
@given(data=st_cc.project_files())
def test_every_input_of_a_wide_project_has_words_of_its_own(data: dict[str, Any]) -> None:
    """No input is named by its field path with the dots taken out: each has words."""
    data["credits"]["price"] = {"value": 10, "source": "src"}
    data["credits"]["discount_rate"] = {"value": 5, "unit": "%", "source": "src"}
    for path in paths_of(data):
        assert input_words(path) != path.replace(".", " ").replace("_", " "), path


@pytest.mark.parametrize("seed", ["alto-mayo", "los-amigos", "sacred-headwaters"])
def test_every_input_of_the_seeds_has_words(seed: str) -> None:
    for q in load_project(seed).inputs.values:
        words = input_words(q.path)
        assert words != q.path.replace(".", " ").replace("_", " ") and "." not in words


def claim(**fields: Any) -> ClaimCheck:
    """A claim of 5 Mt CO2e avoided over 2008-2016 that carboncalc makes 5.7 Mt (+14 %)."""
    base = ClaimCheck(claim_id="er", measure="avoided_emissions", case="central",
                      claimed=5e6, derived=5.7e6, unit="t CO2e", how="avoided emissions",
                      published_unit="Mt CO2e", scale=1e6, tolerance_pct=0.81)  # fmt: skip
    return replace(base, **fields)


def test_a_claim_outside_its_tolerance_can_lie_within_the_interval() -> None:
    """The issue's example: a claim of 5 Mt FAILS at +14 %, though carboncalc's 90 % interval
    is 3.4-7.9 Mt; one of 5 Mt beside an interval of 5.5-6.0 Mt lies outside it."""
    within = claim(interval=(3.4e6, 7.9e6))
    assert within.verdict == "fails" and within.difference_pct == pytest.approx(14.0)
    assert interval_words(within) == "within carboncalc's 90 % interval 3.40-7.90 Mt CO2e"
    outside = claim(interval=(5.5e6, 6.0e6))
    assert interval_words(outside) == "outside carboncalc's 90 % interval 5.50-6.00 Mt CO2e"
    assert interval_words(claim()) is None  # no Monte Carlo of the claim: nothing said


def test_what_a_claim_would_take() -> None:
    """Alto Mayo's er-2008-2016 as check words it: 6.2 Mt over 9 years at 317.4 t CO2e/ha is
    6.2e6 / 9 / 317.35 = 2,170.7 ha/yr of avoided clearing, where the projection has 377.3."""
    implied = (Implied("years spanned", 9, "yr"),
               Implied("mean avoided emissions", 6.2e6 / 9, "t CO2e/yr"),
               Implied("avoided clearing at carboncalc's 317.4 t CO2e/ha", 6.2e6 / 9 / 317.35,
                       "ha/yr"),
               Implied("avoided clearing in carboncalc's projection", 377.3, "ha/yr"))  # fmt: skip
    c = claim(claimed=6.2e6, derived=1.078e6, implied=implied)
    assert implied_words(c) == (
        "about 2,170 ha/yr of avoided clearing, where carboncalc's projection has 377"
    )
    assert claim_words(c, (2008, 2016)) == "6.2 Mt CO2e of avoided emissions over 2008-2016"
    # Sacred Headwaters' 3.8 Gt C over 60 million acres (24,281,139 ha): 156.50007 t C/ha
    stock = claim(measure="stock", implied=(
        Implied("density behind the claim", 3.8e9 / (60e6 * 0.40468564224), "t C/ha"),
        Implied("area at carboncalc's density", 23_300_082, "ha")))  # fmt: skip
    assert implied_words(stock) == (
        "a density of 157 t C/ha, or 23,300,000 ha at carboncalc's density"
    )
    assert implied_words(claim()) is None
