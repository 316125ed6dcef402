"""The VCS buffer on the change in carbon stocks only (issue 24), by hand.

VCS Standard v4.7 Section 3.2.10 / v5.0 Section 3.14.15 (as quoted in secondary sources; see
factors/rules.yaml): buffer credits are the risk rating times the change in carbon stocks only.
The CH4 and N2O from burning are avoided emissions but not a change in carbon stocks, so the vcs
rule set's buffer is taken on gross avoided emissions less them; ART TREES keeps gross."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.credits import waterfall
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

CO2 = 44 / 12
# 100 t C/ha above ground is 100 / 0.47 t dm/ha; half of it burned at a combustion factor of 0.4;
# GFED4 deforestation factors CH4 5.07, N2O 0.20 g/kg; AR6 GWPs CH4 27.0, N2O 273:
NON_CO2_TCO2E_PER_HA = 100 / 0.47 * 0.5 * 0.4 * (5.07 * 27.0 + 0.20 * 273) * 1e-3  # 8.14851
CO2_TCO2E_PER_HA = 100 * CO2  # 366.667
# Hectares of clearing avoided: the baseline clears 1 %/yr of its forest left, the project
# 0.25 %/yr of its own, from 1,000 ha: 10 - 2.5; 9.9 - 2.49375; 9.801 - 2.487515625.
AVOIDED_HA = [7.5, 7.40625, 7.313484375]


def test_one_vintage_by_hand() -> None:
    """1,000 t avoided, of which 200 t CH4 and N2O from burning; 10 % leakage, a 4 % uncertainty
    deduction on what leakage leaves (36 t), a 20 % buffer on the change in carbon stocks, 800 t:
    160 t; net 864 t, credits 864 - 160 = 704 (on gross: 200 t and 664 credits)."""
    rules: dict[str, Any] = {"leakage_fraction": 0.10, "uncertainty_fraction": 0.04,
                             "buffer_fraction": 0.20, "non_co2_tco2e": [200.0]}  # fmt: skip
    (v,) = waterfall(
        years=[2020], gross_tco2e=[1000.0], buffer_base="stock_change", **rules
    ).vintages
    assert (v.leakage_tco2e, v.uncertainty_tco2e, v.buffer_tco2e) == pytest.approx((100, 36, 160))
    assert v.credits == 704
    (g,) = waterfall(years=[2020], gross_tco2e=[1000.0], buffer_base="gross", **rules).vintages
    assert (g.buffer_tco2e, g.credits) == (pytest.approx(200.0), 664)


def test_a_shortfall_made_good_keeps_the_vintages_share_of_stock_change() -> None:
    """-100 t (of which -20 t from burning), then 500 t (of which 100 t): the second vintage
    first makes good the 100 t shortfall, so 400 t are eligible; its stock change is 1 - 100/500
    = 80 % of it, 320 t; a 20 % buffer (no leakage, no uncertainty deduction): 64 t, credits
    400 - 64 = 336."""
    w = waterfall(years=[2020, 2021], gross_tco2e=[-100.0, 500.0], non_co2_tco2e=[-20.0, 100.0],
                  leakage_fraction=0.0, uncertainty_fraction=0.0, buffer_fraction=0.2,
                  buffer_base="stock_change")  # fmt: skip
    second = w.vintages[1]
    assert second.eligible_tco2e == pytest.approx(400.0)
    assert second.buffer_tco2e == pytest.approx(64.0)
    assert w.credits == 336


def burning_project(start: str = "2010-01-01") -> dict[str, Any]:
    """1,000 ha at 100 t C/ha, 1 %/yr against 0.25 %/yr for 3 years, half the cleared biomass
    burned; no leakage, no uncertainty deduction, a 20 % buffer."""
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=100, length_yr=3)
    data["period"]["start"] = start
    data["deforestation"]["burning"] = {
        "burned": {"value": 50, "unit": "%", "source": "src"}, "combustion_factor": 0.4,
        "gwp": "ar6", "source": "src"}  # fmt: skip
    zero = {"value": 0, "source": "src"}
    data["credits"] = {"leakage": zero, "uncertainty": zero,
                       "buffer": {"value": 20, "source": "src"}}  # fmt: skip
    return data


@pytest.mark.parametrize(
    ("rules", "buffer_tco2e_per_ha"),
    [
        # vcs: 20 % of the CO2 alone, 73.333 t CO2e per hectare of clearing avoided
        ("vcs", 0.2 * CO2_TCO2E_PER_HA),
        # art-trees: 20 % of the CO2 and the CH4 and N2O, 74.963
        ("art-trees", 0.2 * (CO2_TCO2E_PER_HA + NON_CO2_TCO2E_PER_HA)),
    ],
)
def test_each_vintages_buffer_by_hand(rules: str, buffer_tco2e_per_ha: float) -> None:
    """vcs 2010: 7.5 ha avoided x 73.333 = 550 t (2011: 543.125 t, 2012: 536.322 t); art-trees
    takes the burning's CH4 and N2O in too (2010: 562.22 t). The Monte Carlo's fast total is
    the waterfall's, to the bit: gross less the buffers, sum of ha x (374.815 - 73.333) for
    vcs."""
    inputs = resolve(Project.model_validate(burning_project()), rules=rules)
    result = pipeline.emissions(inputs)
    w = pipeline.credits_of(inputs, result, uncertainty_fraction=0.0)
    assert [v.buffer_tco2e for v in w.vintages] == pytest.approx(
        [ha * buffer_tco2e_per_ha for ha in AVOIDED_HA]
    )
    gross_per_ha = CO2_TCO2E_PER_HA + NON_CO2_TCO2E_PER_HA
    expected = math.fsum(ha * (gross_per_ha - buffer_tco2e_per_ha) for ha in AVOIDED_HA)
    assert w.credits_exact_tco2e == pytest.approx(expected)
    fast = pipeline.credits_exact(
        inputs,
        gross_tco2e=[r.avoided_emissions_tco2e for r in result.rows],
        non_co2_tco2e=[r.avoided_non_co2_tco2e for r in result.rows],
        uncertainty_fraction=0.0,
    )
    assert fast == w.credits_exact_tco2e


def test_calendar_vintages_carry_their_days_share_of_the_burning() -> None:
    """A period from 1 July 2010: calendar vintages split each projection year's avoided
    emissions and its CH4 and N2O by days alike, so the buffers still add up to 20 % of the
    stock change alone, 73.333 x (7.5 + 7.40625 + 7.313484) = 1,629.45 t, whatever the split."""
    inputs = resolve(Project.model_validate(burning_project("2010-07-01")), rules="vcs")
    w = pipeline.credits_of(
        inputs, pipeline.emissions(inputs), uncertainty_fraction=0.0, vintages="calendar"
    )
    assert [v.year for v in w.vintages] == [2010, 2011, 2012, 2013]
    assert w.total("buffer_tco2e") == pytest.approx(0.2 * CO2_TCO2E_PER_HA * math.fsum(AVOIDED_HA))


def test_without_burning_the_vcs_buffer_is_on_gross_as_before() -> None:
    """No burning: the stock change is all the avoided emissions; 20 % of 7.5 ha x 366.667."""
    data = burning_project()
    del data["deforestation"]["burning"]
    inputs = resolve(Project.model_validate(data), rules="vcs")
    w = pipeline.credits_of(inputs, pipeline.emissions(inputs), uncertainty_fraction=0.0)
    assert w.vintages[0].buffer_tco2e == pytest.approx(0.2 * 7.5 * CO2_TCO2E_PER_HA)


def test_the_monte_carlo_samples_take_the_buffer_on_the_stock_change() -> None:
    """With no uncertain input every Monte Carlo sample is the central case, so the samples'
    credits are the waterfall's, 22.2197 ha x (374.815 - 73.333) t CO2e/ha = 6,698.85 t under
    vcs (not 22.2197 x 374.815 x 0.8 = 6,662.63 t with the burning in the buffer's base)."""
    from carboncalc.core.uncertainty import run

    inputs = resolve(Project.model_validate(burning_project()), rules="vcs")
    found = run(inputs, samples=3, seed=0, uncertainty_fraction=lambda _: 0.0)
    assert found.credits_exact_tco2e is not None
    expected = math.fsum(
        ha * (CO2_TCO2E_PER_HA + NON_CO2_TCO2E_PER_HA - 0.2 * CO2_TCO2E_PER_HA) for ha in AVOIDED_HA
    )
    assert found.credits_exact_tco2e.mean == pytest.approx(expected)


@given(
    gross=st.lists(st.floats(min_value=0, max_value=1e8), min_size=1, max_size=20),
    burned=st_cc.shares,
    buffer=st_cc.shares,
)
def test_the_stock_change_buffer_is_gross_less_the_burnings_share(
    gross: list[float], burned: float, buffer: float
) -> None:
    """No leakage and no uncertainty deduction: each vintage's buffer is B x (G - N), so the
    stock-change buffer is never more than the buffer on gross, and the two differ by exactly
    B x N."""
    non_co2 = [g * burned for g in gross]
    rules: dict[str, Any] = {"leakage_fraction": 0.0, "uncertainty_fraction": 0.0,
                             "buffer_fraction": buffer}  # fmt: skip
    years = list(range(len(gross)))
    stock = waterfall(years=years, gross_tco2e=gross, non_co2_tco2e=non_co2,
                      buffer_base="stock_change", **rules)  # fmt: skip
    whole = waterfall(years=years, gross_tco2e=gross, buffer_base="gross", **rules)
    for s, w, g, n in zip(stock.vintages, whole.vintages, gross, non_co2, strict=True):
        assert s.buffer_tco2e == pytest.approx(buffer * (g - n), rel=1e-9, abs=1e-6)
        assert s.buffer_tco2e <= w.buffer_tco2e * (1 + 1e-12) + 1e-9


def test_credits_shows_the_buffers_base_so_it_can_be_redone(tmp_path: Any) -> None:
    """credits never printed the stock change the vcs buffer is taken on. Now rules.buffer
    carries its base by vintage and a note line shows it: 2010, 7.5 ha x 366.667 = 2,750 t
    (2011: 7.40625 x 366.667 = 2,715.625; 2012: 2,681.61), and 20 % of it is the buffer, 550 t.
    art-trees (base gross) carries its base too: 7.5 x 374.815 = 2,811.11 t."""
    import json

    from typer.testing import CliRunner

    from carboncalc.cli import app

    path = tmp_path / "burning.yaml"
    path.write_text(json.dumps(burning_project()), encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    result = runner.invoke(app, ["credits", str(path), "--rules", "vcs", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    buffer = doc["rules"]["buffer"]
    assert buffer["base"] == "stock_change"
    bases = [b["tco2e"] for b in buffer["base_by_vintage_tco2e"]]
    assert bases == pytest.approx([ha * CO2_TCO2E_PER_HA for ha in AVOIDED_HA])
    assert bases[0] == pytest.approx(2750.0)
    assert buffer["base_total_tco2e"] == pytest.approx(math.fsum(bases))
    assert [v["buffer_tco2e"] for v in doc["vintages"]] == pytest.approx([0.2 * b for b in bases])
    table = runner.invoke(app, ["credits", str(path), "--rules", "vcs", "--explain"])
    assert table.exit_code == 0, table.stderr
    assert (
        "buffer base, the change in carbon stocks (gross, less the CH4 and N2O from burning), "
        "t CO2e: 2010 2,750, 2011 2,716, 2012 2,682"
    ) in " ".join(table.stdout.split())
    result = runner.invoke(app, ["credits", str(path), "--rules", "art-trees", "-f", "json"])
    gross = json.loads(result.stdout)["rules"]["buffer"]
    assert gross["base"] == "gross"
    assert gross["base_by_vintage_tco2e"][0]["tco2e"] == pytest.approx(
        7.5 * (CO2_TCO2E_PER_HA + NON_CO2_TCO2E_PER_HA)
    )
