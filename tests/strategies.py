"""Hypothesis strategies shared by the property tests, and a builder for small project files."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from carboncalc.core.inputs import (
    DeforestationInputs,
    PoolInputs,
    ProjectInputs,
    RateInputs,
    ScenarioInputs,
    Value,
    constant,
)
from carboncalc.files.model import Project
from carboncalc.files.quantities import MIN_MAGNITUDE

areas_ha = st.floats(min_value=1.0, max_value=1e8, allow_nan=False, allow_infinity=False)
densities_tc_per_ha = st.floats(min_value=0.0, max_value=500.0, allow_nan=False)
rates_pct = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)
small_rates_pct = st.floats(min_value=0.0, max_value=5.0, allow_nan=False)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
years = st.integers(min_value=1, max_value=60)
bases = st.sampled_from(["remaining", "initial"])


def project_data(
    *,
    area_ha: float = 1000.0,
    density_tc_per_ha: float = 100.0,
    baseline_pct: float = 1.0,
    project_pct: float = 0.25,
    basis: str = "remaining",
    length_yr: int = 10,
    residual_tc_per_ha: float = 0.0,
) -> dict[str, Any]:
    """A valid project file as plain data (what the YAML loader returns).

    Numbers are put in the model's domain first: a value below MIN_MAGNITUDE (1e-9), which
    properties produce as products such as ``base * share``, is written as 0, since the model
    refuses such a value (it means nothing for a forest and made sums underflow)."""
    area_ha, density_tc_per_ha, baseline_pct, project_pct, residual_tc_per_ha = (
        in_domain(x)
        for x in (area_ha, density_tc_per_ha, baseline_pct, project_pct, residual_tc_per_ha)
    )
    return {
        "name": "Test forest",
        "countries": ["PE"],
        "sources": {"src": {"title": "Test source", "year": 2020}},
        "area": {"value": area_ha, "unit": "ha", "source": "src"},
        "carbon": {
            "pools": {
                "above_ground": {"value": density_tc_per_ha, "unit": "t C/ha", "source": "src"}
            }
        },
        "deforestation": {
            "baseline": {
                "rate": {"value": baseline_pct, "unit": "%/yr", "basis": basis, "source": "src"}
            },
            "project": {
                "rate": {"value": project_pct, "unit": "%/yr", "basis": basis, "source": "src"}
            },
            "residual_carbon": {
                "value": residual_tc_per_ha,
                "unit": "t C/ha",
                "assumption": True,
            },
        },
        "period": {"start": "2010-01-01", "length_yr": length_yr},
    }


def in_domain(x: float) -> float:
    """``x``, or 0 where it is below the smallest magnitude the model accepts."""
    return 0.0 if abs(x) < MIN_MAGNITUDE else x


def project(**kwargs: Any) -> Project:
    return Project.model_validate(project_data(**kwargs))


def inputs(
    *,
    area_ha: float = 1000.0,
    density_tc_per_ha: float = 100.0,
    baseline_pct: float = 1.0,
    project_pct: float = 0.25,
    basis: str = "remaining",
    length_yr: int = 10,
    residual_tc_per_ha: float = 0.0,
    density: Value | None = None,
) -> ProjectInputs:
    """The core's inputs for the same project as :func:`project_data`, from plain numbers:
    core tests need no project file. ``density`` replaces the constant density with a spread."""

    def rate(path: str, pct: float) -> ScenarioInputs:
        basis_ = "initial" if basis == "initial" else "remaining"
        return ScenarioInputs((RateInputs(constant(path, pct), "%/yr", basis_),))

    above = density or constant("carbon.pools.above_ground", density_tc_per_ha)
    values = (constant("area", area_ha), above)
    return ProjectInputs(
        area=values[0],
        area_unit="ha",
        pools=(PoolInputs("above_ground", "t C/ha", above),),
        deforestation=DeforestationInputs(
            baseline=rate("deforestation.baseline.rate", baseline_pct),
            project_rate=rate("deforestation.project.rate", project_pct),
            reduction_pct=None,
            residual=constant("deforestation.residual_carbon", residual_tc_per_ha),
            residual_unit="t C/ha",
        ),
        first_year=2010,
        years=length_yr,
        values=values,
    )


# A whole number of tonnes and an offset from it: just below, at and above whole tonnes, where
# rounding to credits can go wrong.
near_whole_tonnes = st.tuples(
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from([-1e-3, -2e-6, -1.1e-6, -1e-6, -9e-7, -1e-9, 0.0, 1e-9, 1e-6, 0.5, 0.999]),
)
shares = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
# A waterfall's rules as credits.waterfall takes them, in the order of credits.Rules
waterfall_rules = st.fixed_dictionaries({
    "leakage_fraction": shares, "uncertainty_fraction": shares, "buffer_fraction": shares,
    "uncertainty_on_gross": st.booleans(),
    "buffer_base": st.sampled_from(["net", "gross", "stock_change"]),
})  # fmt: skip
gross_series = st.lists(
    st.floats(min_value=0.0, max_value=1e8, allow_nan=False), min_size=1, max_size=30
)
# Avoided emissions that may be negative in any vintage: a project worse than its baseline in
# some years (late in a compound baseline, or after a loss)
signed_gross_series = st.lists(
    st.floats(min_value=-1e8, max_value=1e8, allow_nan=False), min_size=1, max_size=30
)


# A valid project file whose project scenario reads its observed clearing from the file FILE
# (replace it): for the tests of observed-loss CSV files and their fuzz test.
OBSERVED_PROJECT = """\
name: Observed forest
countries: [PE]
sources:
  src: {title: Test source, year: 2020}
area: {value: 1000, unit: ha, source: src}
carbon:
  pools:
    above_ground: {value: 100, unit: t C/ha, source: src}
deforestation:
  baseline:
    rate: {value: 1.0, unit: "%/yr", source: src}
  project:
    rate: {value: 0.2, unit: "%/yr", source: src}
    observed: {file: FILE, source: src}
  residual_carbon: {value: 0, unit: t C/ha, source: src}
period: {start: 2010-01-01, length_yr: 10, source: src}
"""
