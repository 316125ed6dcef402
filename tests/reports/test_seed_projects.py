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


# Alto Mayo by hand, from its file: 144,000 ha of forest; a baseline clearing 0.3556 % a year of
# the forest left, the project 75 % less (0.0889 % a year of its own forest left); every pool
# leaves at once, at 145 t dm/ha (the midpoint of 60-230) x CF 0.47 x (1 + R 0.27) x 44/12.
ALTO_MAYO_FOREST_HA = 144_000
ALTO_MAYO_RATE = 0.003556
ALTO_MAYO_YEARS = 20  # 2008-2027


def alto_mayo_avoided_by_year(agb_t_dm_per_ha: float = 145.0) -> list[float]:
    """Year t (0-based): baseline clears F (1 - r)^t r, the project F (1 - r/4)^t r/4; times the
    emission factor AGB x 0.47 x 1.27 x 44/12 [t CO2e/ha]."""
    ef = agb_t_dm_per_ha * 0.47 * 1.27 * 44 / 12
    f, r = ALTO_MAYO_FOREST_HA, ALTO_MAYO_RATE
    return [
        (f * (1 - r) ** t * r - f * (1 - r / 4) ** t * r / 4) * ef for t in range(ALTO_MAYO_YEARS)
    ]


def alto_mayo_half_width_pct(samples: int, seed: int) -> float:
    """The Monte Carlo half-width of avoided emissions, redone outside carboncalc. Of Alto Mayo's
    inputs only the above-ground biomass (uniform 60-230 t dm/ha) moves avoided emissions (the
    buffer's 10-60 % moves credits only), and avoided emissions are proportional to it: their
    half-width, (p95 - p5) / 2 / mean, is that of the biomass draws. Drawn as carboncalc's Monte
    Carlo documents it (one stream per input, ``random.Random("<seed>:<path>")``), percentiles
    by the inclusive method."""
    import random
    import statistics

    rng = random.Random(f"{seed}:carbon.pools.above_ground")
    agb = [rng.uniform(60, 230) for _ in range(samples)]
    cuts = statistics.quantiles(agb, n=20, method="inclusive")  # 5 %, 10 %, ..., 95 %
    return (cuts[-1] - cuts[0]) / 2 / statistics.fmean(agb) * 100


def test_alto_mayo_avoided_emissions_by_year_from_the_formulas() -> None:
    """The yearly avoided emissions by the closed form above, at the central density (year 1:
    (512.06 - 128.02) ha x 317.36 t CO2e/ha = 121,880 t); and proportional to the density."""
    rows = pipeline.emissions(load_project("alto-mayo").inputs).rows
    by_hand = alto_mayo_avoided_by_year()
    assert by_hand[0] == pytest.approx(121_878.3, abs=0.1)
    assert [r.avoided_emissions_tco2e for r in rows] == pytest.approx(by_hand, rel=1e-12)
    low = pipeline.emissions(load_project("alto-mayo").inputs, "low").rows
    assert [r.avoided_emissions_tco2e for r in low] == pytest.approx(
        alto_mayo_avoided_by_year(60.0), rel=1e-12
    )


def test_alto_mayo_half_width_from_the_biomass_range() -> None:
    """Over many draws the half-width tends to that of uniform(60, 230): p5 = 68.5, p95 = 221.5,
    mean 145, so (221.5 - 68.5) / 2 / 145 = 52.76 %; 300 draws of seed 0 come within 5 points of
    it, and carboncalc's Monte Carlo gives the same half-width as the draws redone here."""
    from carboncalc.core.uncertainty import run

    assert alto_mayo_half_width_pct(300, 0) == pytest.approx(52.76, abs=5)
    mc = run(load_project("alto-mayo").inputs, samples=300, seed=0)
    assert mc.avoided_tco2e is not None
    assert mc.avoided_tco2e.half_width_pct == pytest.approx(
        alto_mayo_half_width_pct(300, 0), rel=1e-9
    )


@pytest.mark.parametrize(
    ("rules", "uncertainty_on_gross", "buffer_on_gross"),
    # vcs takes the buffer on the change in carbon stocks: all of gross, as Alto Mayo burns none
    [("fcpf", False, False), ("vcs", False, True), ("art-trees", True, True)],
)
def test_alto_mayo_credits_under_each_rule_set_recomputed_by_hand(
    rules: str, uncertainty_on_gross: bool, buffer_on_gross: bool
) -> None:
    """Each vintage's credits from the year's avoided emissions (by the formulas above),
    spreadsheet-style: leakage 3.5 % (pooled VM0015), the rule set's uncertainty deduction from
    the half-width redone above (FCPF: 8 % for 30-60 %; VCS: the half-width less 15 points; ART
    TREES: 0.524417 x half-width / 1.645006) on gross or on gross less leakage, a 35 % buffer on
    the net or on gross; whole tonnes rounded down."""
    import math

    from carboncalc.reports.credits import credits_report

    loaded = load_project("alto-mayo", rules=rules)
    report = credits_report(loaded, samples=300, seed=0)
    u = report.uncertainty.pct / 100
    assert report.rule_set.name == rules
    half = alto_mayo_half_width_pct(300, 0)  # redone outside carboncalc
    assert 30 < half <= 60  # so the FCPF band is 8 %
    by_hand = {
        "fcpf": 0.08,
        "vcs": (half - 15) / 100,
        "art-trees": 0.524417 * half / 1.645006 / 100,
    }
    assert u == pytest.approx(by_hand[rules], abs=1e-9)
    expected = 0
    for avoided in alto_mayo_avoided_by_year():  # the formulas, not carboncalc's rows
        g = max(avoided, 0.0)
        leakage = g * 0.035
        uncertainty = (g if uncertainty_on_gross else g - leakage) * u
        net = g - leakage - uncertainty
        buffer = (g if buffer_on_gross else net) * 0.35
        expected += math.floor(net - buffer + 1e-6) if net - buffer > 0 else 0
    assert report.waterfall.credits == expected
    assert report.waterfall.credits <= report.waterfall.total("net_tco2e")
