"""The counterfactual rate a project takes from the evidence set, drawn in the Monte Carlo from
the spread of the matching specifications (Guizar-Coutino et al. 2024): the range it is drawn
from, that it is drawn only against the counterfactual, and that the deduction of the credits
the counterfactual supports carries it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.core.evidence_inputs import Spread
from carboncalc.core.inputs import RateInputs, ScenarioInputs, constant
from carboncalc.core.uncertainty import run
from carboncalc.files.factors import load_evidence
from carboncalc.files.loading import load_project

BASE = Path(__file__).parents[1] / "data" / "valid" / "base.yaml"
rate = st.floats(min_value=0, max_value=0.05, allow_nan=False)


@given(c=rate, ends=st.lists(rate, min_size=4, max_size=4))
def test_the_range_holds_the_published_rate_and_the_percentiles(
    c: float, ends: list[float]
) -> None:
    """low <= c <= high always; low <= p5 and high >= p95; exactly p5-p95 where c lies
    between them."""
    least, p5, p95, greatest = sorted(ends)
    low, high = Spread(5, least, p5, p95, greatest).drawn_between(c)
    assert low <= c <= high
    assert low <= p5 <= p95 <= high
    assert ((low, high) == (p5, p95)) == (p5 <= c <= p95)


def joined(tmp_path: Path, pid: str) -> Path:
    """The test project, naming a registry id of the evidence set (and no counterfactual), its
    own rate 0.02 %/yr, under the VCS rules (VM0015): no deduction up to a 15 % half-width,
    the part above it otherwise."""
    path = tmp_path / "p.yaml"
    text = BASE.read_text("utf-8").replace(
        '    reduction: {value: 50, unit: "%", source: src}',
        '    rate: {value: 0.02, unit: "%/yr", basis: remaining, source: src}',
    )
    text += f'registry: {{name: VCS, project_id: "{pid}"}}\nmethodology: VM0015\n'
    text += "credits: {buffer: {value: 20, unit: '%', source: src}}\n"
    path.write_text(text, encoding="utf-8")
    return path


def spread_of(pid: str) -> tuple[float, Spread]:
    first, second = load_evidence().evaluations
    spread = second.rates[pid].control_over_specifications
    assert spread is not None
    return first.rates[pid].control_fraction_per_yr, spread


@pytest.mark.parametrize(("pid", "widened"), [("1067", False), ("944", True)])
def test_the_evidence_counterfactual_is_a_range(tmp_path: Path, pid: str, widened: bool) -> None:
    """1067: 0.1346 %/yr published, within its specifications' 0.0892-0.1927 %/yr, drawn from
    those. 944: 0.0844 %/yr published, below its 0.0914-0.1530 %/yr, drawn from 0.0844."""
    control, spread = spread_of(pid)
    inputs = load_project(str(joined(tmp_path, pid))).inputs
    d = inputs.deforestation
    assert d is not None and d.counterfactual is not None and d.counterfactual_source
    (r,) = d.counterfactual.rates
    assert r.rate.central == control * 100
    assert (r.rate.low, r.rate.high) == tuple(x * 100 for x in spread.drawn_between(control))
    assert (r.rate.low == control * 100) == widened
    assert r.rate in inputs.uncertain()
    assert "55 matching specifications" in d.counterfactual_source or pid != "944"


def test_drawn_only_against_the_counterfactual(tmp_path: Path) -> None:
    """Against the file's baseline the counterfactual moves nothing and is not drawn; against
    the counterfactual it is, and every other input's draws stay as they were."""
    inputs = load_project(str(joined(tmp_path, "1067"))).inputs
    claimed = run(inputs, samples=200, seed=4)
    supported = run(inputs, samples=200, seed=4, counterfactual=True)
    assert "deforestation.counterfactual.rate" not in claimed.inputs
    assert "deforestation.counterfactual.rate" in supported.inputs
    assert supported.counterfactual and not claimed.counterfactual
    assert claimed.stock_tco2 == supported.stock_tco2


def test_the_spread_widens_the_interval_it_supports(tmp_path: Path) -> None:
    """The test project's inputs have no spread but the counterfactual's: against the
    counterfactual held at its published rate the interval is a point; drawn from the
    specifications' range, it has a half-width."""
    inputs = load_project(str(joined(tmp_path, "1067"))).inputs
    d = inputs.deforestation
    assert d is not None and d.counterfactual is not None
    (r,) = d.counterfactual.rates
    fixed_rate = RateInputs(constant(r.rate.path, r.rate.central), r.unit, r.basis)
    fixed = dataclasses.replace(
        inputs,
        deforestation=dataclasses.replace(d, counterfactual=ScenarioInputs((fixed_rate,))),
        values=tuple(v for v in inputs.values if v is not r.rate),
    )
    point = run(fixed, samples=300, seed=0, counterfactual=True).avoided_tco2e
    spread = run(inputs, samples=300, seed=0, counterfactual=True).avoided_tco2e
    assert point is not None and spread is not None
    assert point.p5 == point.p95
    assert spread.half_width_pct is not None and spread.half_width_pct > 10


def as_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_uncertainty_and_credits_against_the_counterfactual(tmp_path: Path) -> None:
    """`uncertainty --baseline counterfactual` draws the counterfactual; the credits it
    supports take that run's deduction, the claimed credits their own."""
    path = str(joined(tmp_path, "1067"))
    claimed = as_json("uncertainty", path, "--samples", "300")
    against = as_json("uncertainty", path, "--samples", "300", "--baseline", "counterfactual")
    assert (claimed["baseline"], against["baseline"]) == ("project", "counterfactual")
    assert "deforestation.counterfactual.rate" in against["uncertain_inputs"]
    assert "deforestation.counterfactual.rate" not in claimed["uncertain_inputs"]
    assert claimed["avoided_tco2e"]["half_width_pct"] == 0  # no other spread: a point
    assert against["avoided_tco2e"]["half_width_pct"] > 10
    credits = as_json("credits", path, "--samples", "300")["counterfactual"]
    assert credits["claimed_uncertainty_pct"] == 0
    assert credits["supported_uncertainty_pct"] > 10  # the spread costs credits
    chosen = as_json("credits", path, "--samples", "300", "--baseline", "counterfactual")
    assert chosen["rules"]["uncertainty"]["pct"] == credits["supported_uncertainty_pct"]
    assert "against the counterfactual" in chosen["rules"]["uncertainty"]["how"]


def test_uncertainty_against_no_counterfactual_is_refused() -> None:
    result = CliRunner().invoke(app, ["uncertainty", str(BASE), "--baseline", "counterfactual"])
    assert result.exit_code == 2
    assert "no `deforestation.counterfactual`" in result.stderr
