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


# --- whole project files, drawn wide: what the pipeline's properties hold over ------------
# Several pools (dry matter with a carbon fraction, root-to-shoot, pools that decay over years),
# rates in periods, in %/yr of the initial or remaining forest or in ha/yr, a project given as a
# reduction of the baseline, observed years, burning and credits. Drawn so that the file is
# valid: the properties hold whatever the accounting rules, not only for one pool and one rate.

FIRST_YEAR = 2010
_SRC = {"source": "src"}


def _num(lo: float, hi: float) -> st.SearchStrategy[float]:
    """A float from lo to hi, in the model's domain (see :func:`in_domain`)."""
    return st.floats(min_value=lo, max_value=hi).map(in_domain)


@st.composite
def _rate(draw: st.DrawFn, *, area_ha: float, top_pct: float = 5.0) -> dict[str, Any]:
    if draw(st.booleans()):
        value = draw(_num(0.0, top_pct))
        return {"value": in_domain(value), "unit": "%/yr", "basis": draw(bases), **_SRC}
    value = draw(_num(0.0, top_pct / 100)) * area_ha
    return {"value": in_domain(value), "unit": "ha/yr", **_SRC}


@st.composite
def _schedule(draw: st.DrawFn, *, area_ha: float, length_yr: int) -> dict[str, Any]:
    """One rate, or rates over periods that cover the accounting period."""
    last = FIRST_YEAR + length_yr - 1
    splits = draw(st.lists(st.integers(FIRST_YEAR + 1, max(last, FIRST_YEAR + 1)), max_size=3))
    starts = [FIRST_YEAR, *sorted({y for y in splits if y <= last})]
    if len(starts) == 1:
        return {"rate": draw(_rate(area_ha=area_ha))}
    ends = [y - 1 for y in starts[1:]] + [last]
    return {
        "rates": [
            {**draw(_rate(area_ha=area_ha)), "years": {"first": a, "last": b}}
            for a, b in zip(starts, ends, strict=True)
        ]
    }


@st.composite
def _observed(draw: st.DrawFn, *, area_ha: float, length_yr: int) -> dict[str, Any]:
    """Hectares cleared in the first years of the period, at most 2 % of the area a year."""
    n = draw(st.integers(1, length_yr))
    cleared = draw(st.lists(_num(0.0, 0.02), min_size=n, max_size=n))
    values = {str(FIRST_YEAR + i): in_domain(c * area_ha) for i, c in enumerate(cleared)}
    return {"values": values, **_SRC}


@st.composite
def _pools(draw: st.DrawFn) -> dict[str, Any]:
    above_tc = draw(_num(1.0, 300.0))
    if draw(st.booleans()):
        fraction = draw(_num(0.4, 0.55))
        above: dict[str, Any] = {"value": above_tc / fraction, "unit": "t dm/ha", **_SRC,
                                 "carbon_fraction": {"value": fraction, **_SRC}}  # fmt: skip
    else:
        above = {"value": above_tc, "unit": "t C/ha", **_SRC}
    pools: dict[str, Any] = {"above_ground": above}
    below = draw(st.sampled_from(["none", "ratio", "at once", "default", "decays"]))
    if below == "ratio":
        pools["below_ground"] = {"root_to_shoot": {"value": draw(_num(0.1, 0.5)), **_SRC}}
    elif below != "none":
        pools["below_ground"] = {"value": draw(_num(0.0, 100.0)), "unit": "t C/ha", **_SRC}
    if below == "default":
        pools["below_ground"]["release"] = "default"
    for name in ("dead_wood", "litter", "soil"):
        if draw(st.booleans()):
            pools[name] = {"value": draw(_num(0.0, 80.0)), "unit": "t C/ha", **_SRC}
    if below == "decays" or "soil" in pools:
        for name in ("below_ground", "soil"):
            if name in pools and "root_to_shoot" not in pools[name]:
                pools[name]["release"] = {"years": draw(st.integers(1, 30)),
                                          "remaining": draw(_num(0.0, 0.9)), **_SRC}  # fmt: skip
    for pool in pools.values():
        if "value" in pool:
            pool["value"] = in_domain(pool["value"])
    return pools


@st.composite
def project_files(draw: st.DrawFn, *, credits: bool = True) -> dict[str, Any]:
    """A valid project file as plain data, drawn wide (see above)."""
    area_ha = draw(_num(1.0, 1e6))
    length_yr = draw(st.integers(1, 30))
    data = project_data(area_ha=area_ha, length_yr=length_yr)
    data["carbon"]["pools"] = draw(_pools())
    d = data["deforestation"]
    d["baseline"] = draw(_schedule(area_ha=area_ha, length_yr=length_yr))
    kind = draw(st.sampled_from(["rate", "schedule", "reduction"]))
    if kind == "reduction":
        d["project"] = {"reduction": {"value": draw(_num(0.0, 100.0)), "unit": "%", **_SRC}}
    else:
        d["project"] = draw(_schedule(area_ha=area_ha, length_yr=length_yr))
    if draw(st.booleans()):
        d["project"]["observed"] = draw(_observed(area_ha=area_ha, length_yr=length_yr))
    if kind != "reduction" and draw(st.booleans()):
        d["baseline"]["observed"] = draw(_observed(area_ha=area_ha, length_yr=length_yr))
    if draw(st.booleans()):
        d["burning"] = {
            "burned": {"value": draw(_num(1.0, 100.0)), "unit": "%", **_SRC},
            "combustion_factor": draw(_num(0.05, 1.0)),
            "gwp": draw(st.sampled_from(["ar4", "ar5", "ar6"])), **_SRC,
        }  # fmt: skip
    if credits:
        data["credits"] = {"buffer": {"value": draw(_num(1.0, 60.0)), **_SRC}}
        if draw(st.booleans()):
            data["credits"]["leakage"] = {"value": draw(_num(0.0, 50.0)), **_SRC}
        data["credits"]["rules"] = draw(st.sampled_from(["fcpf", "vcs", "art-trees"]))
    return data


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
