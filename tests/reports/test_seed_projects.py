"""What the seed projects must show: carboncalc's figures computed from the inputs, beside the
figures their documents publish (each project file's cited sources)."""

from __future__ import annotations

import pytest

from carboncalc.core import pipeline
from carboncalc.core.claims import check_claims
from carboncalc.files.factor_editions import load_factor_table
from carboncalc.files.loading import load_project
from carboncalc.reports.projects import equivalents_report, stock_report

TABLE = load_factor_table()


def checks(name: str, claim_id: str, **kwargs: object) -> dict[str, float | None]:
    project = load_project(name).inputs
    return {
        c.case: c.difference_pct
        for c in check_claims(project, table=TABLE, **kwargs)  # type: ignore[arg-type]
        if c.claim_id == claim_id
    }


def test_sacred_headwaters_stock_beside_its_own_figure() -> None:
    """60 million acres at 66 t C/acre is 3.96 billion t C; the document says "some 3.8 billion"."""
    report = stock_report(load_project("sacred-headwaters"), table=TABLE)
    assert report.stock.stock_tc == pytest.approx(60e6 * 66, rel=1e-12)
    (claim,) = report.claims
    assert claim.claimed == 3.8e9
    assert claim.difference_pct == pytest.approx((3.96 / 3.8 - 1) * 100)


def test_sacred_headwaters_reserves_as_barrels_of_oil() -> None:
    """1.9 billion t CO2 kept in the ground = 1.9e9 / 0.43 = 4.42 billion barrels (EPA factor)."""
    (reserve,) = stock_report(load_project("sacred-headwaters"), table=TABLE).fossil
    assert reserve.tco2 == 1.9e9
    assert reserve.barrels_oil == pytest.approx(1.9e9 / 0.43)


def test_los_amigos_stock_and_density() -> None:
    """79.4 Mt CO2 above ground over 145,945 ha: 544.04 t CO2/ha, 148.37 t C/ha."""
    s = stock_report(load_project("los-amigos"), table=None).stock
    assert s.stock_tco2 == pytest.approx(79.4e6)
    assert s.density_tco2_per_ha == pytest.approx(544.04, abs=0.005)
    assert s.density_tc_per_ha == pytest.approx(148.37, abs=0.005)


def test_los_amigos_emissions_at_low_and_high_baseline_rates() -> None:
    """ACA: "250,000 to 595,000 tons CO2e per year" at the low and high baseline rates."""
    project = load_project("los-amigos").inputs
    low = pipeline.emissions(project, "low").mean_avoided_emissions_tco2e_per_yr
    high = pipeline.emissions(project, "high").mean_avoided_emissions_tco2e_per_yr
    assert low == pytest.approx(250_000, rel=0.001)
    assert high == pytest.approx(595_000, rel=0.001)
    assert checks("los-amigos", "avoided-per-yr") == {
        "low": pytest.approx(0.044, abs=0.001),
        "high": pytest.approx(0.084, abs=0.001),
    }


def test_los_amigos_two_areas() -> None:
    """Given as 145,945 ha and as 360,000 acres (= 145,687 ha): 0.18 % apart."""
    assert checks("los-amigos", "area-acres")["central"] == pytest.approx(
        (145_945 / (360_000 * 0.40468564224) - 1) * 100
    )


def test_alto_mayo_cars_under_both_factor_versions() -> None:
    """6.2 Mt CO2e over 2008-2016 (9 projection years) as cars off the road each year:
    149,758 at EPA's 4.60 (the published "nearly 150,000") and 160,580 at the current 4.29."""
    report = equivalents_report(load_project("alto-mayo"), table=TABLE)
    published = {c.claim_id: c for c in report.claims}["cars-2008-2016"]
    current = {c.claim_id: c for c in report.claims_current}["cars-2008-2016"]
    assert published.derived == pytest.approx(6.2e6 / 9 / 4.60)
    assert current.derived == pytest.approx(6.2e6 / 9 / 4.29)
    basis = next(b for b, _ in report.rows if "er-2008-2016" in b.what)
    assert (basis.tco2e, basis.years) == (6.2e6, 9)


def test_alto_mayo_stock_from_ipcc_defaults() -> None:
    """Assumed IPCC defaults: AGB midpoint of 60-230 t dm/ha, CF 0.47, R 0.27, on the 144,000 ha
    of forest (of the 182,000 ha protected)."""
    s = stock_report(load_project("alto-mayo"), table=None).stock
    assert s.density_tc_per_ha == pytest.approx(145 * 0.47 * 1.27)
    assert s.stock_tc == pytest.approx(144_000 * 145 * 0.47 * 1.27)


def test_alto_mayo_first_year_emissions() -> None:
    """Year 1: 144,000 ha of forest x 0.3556 % = 512.1 ha cleared in the baseline, a quarter of
    that with the project (75 % reduction), at 86.55 t C/ha x 44/12."""
    first = pipeline.emissions(load_project("alto-mayo").inputs).rows[0]
    ef = 145 * 0.47 * 1.27 * 44 / 12
    assert first.baseline_cleared_ha == pytest.approx(144_000 * 0.003556)
    assert first.project_cleared_ha == pytest.approx(144_000 * 0.003556 * 0.25)
    assert first.avoided_emissions_tco2e == pytest.approx(144_000 * 0.003556 * 0.75 * ef)


@pytest.mark.parametrize(
    ("rules", "uncertainty_on_gross", "buffer_on_gross"),
    [("fcpf", False, False), ("vcs", False, True), ("art-trees", True, True)],
)
def test_alto_mayo_credits_under_each_rule_set_recomputed_by_hand(
    rules: str, uncertainty_on_gross: bool, buffer_on_gross: bool
) -> None:
    """Each vintage's credits from the year's avoided emissions, spreadsheet-style: leakage
    3.5 % (pooled VM0015), the rule set's uncertainty deduction on gross or on gross less
    leakage, a 35 % buffer on the net or on gross; whole tonnes rounded down."""
    import math

    from carboncalc.reports.credits import credits_report

    loaded = load_project("alto-mayo", rules=rules)
    report = credits_report(loaded, samples=300, seed=0)
    u = report.uncertainty.pct / 100
    assert report.rule_set.name == rules
    assert report.monte_carlo is not None and report.monte_carlo.avoided_tco2e is not None
    half = report.monte_carlo.avoided_tco2e.half_width_pct
    assert half is not None and 30 < half <= 60  # so the FCPF band is 8 %
    by_hand = {
        "fcpf": 0.08,
        "vcs": (half - 15) / 100,
        "art-trees": 0.524417 * half / 1.645006 / 100,
    }
    assert u == pytest.approx(by_hand[rules], abs=1e-12)
    expected = 0
    for row in pipeline.emissions(loaded.inputs).rows:
        g = max(row.avoided_emissions_tco2e, 0.0)
        leakage = g * 0.035
        uncertainty = (g if uncertainty_on_gross else g - leakage) * u
        net = g - leakage - uncertainty
        buffer = (g if buffer_on_gross else net) * 0.35
        expected += math.floor(net - buffer + 1e-6) if net - buffer > 0 else 0
    assert report.waterfall.credits == expected
    assert report.waterfall.credits <= report.waterfall.total("net_tco2e")
