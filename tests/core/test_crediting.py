"""A credits run as one request and one result (carboncalc.core.crediting): the same figures as
the steps taken one by one, each baseline's emissions computed once, and never more credits than
tonnes."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from carboncalc.core import pipeline
from carboncalc.core.crediting import CreditRequest, credit_run
from carboncalc.files.loading import load_project
from carboncalc.files.projects import package_projects_dir
from carboncalc.units import PERCENT

ALTO_MAYO = package_projects_dir() / "alto-mayo.yaml"
LEDGER = Path(__file__).parents[1] / "data" / "valid" / "ledger.yaml"


@pytest.mark.parametrize("baseline", ["project", "counterfactual"])
@pytest.mark.parametrize("vintages", ["projection", "calendar"])
def test_one_run_gives_what_the_steps_give_one_by_one(baseline: str, vintages: str) -> None:
    """Each waterfall at the deduction of the Monte Carlo against its own baseline; the run
    returns the requested baseline's Monte Carlo and deduction."""
    from carboncalc.core.credits import uncertainty_deduction_pct
    from carboncalc.core.uncertainty import run as monte_carlo

    inputs = load_project(str(ALTO_MAYO)).inputs
    rules = pipeline.credit_rules(inputs)
    request = CreditRequest(samples=200, seed=3, baseline=baseline,  # type: ignore[arg-type]
                            vintages=vintages)  # type: ignore[arg-type]  # fmt: skip
    run = credit_run(inputs, request)
    assert run.monte_carlo is not None and run.monte_carlo.samples == 200
    assert run.monte_carlo.counterfactual == (baseline == "counterfactual")
    for counterfactual, found in ((False, run.claimed), (True, run.supported)):
        alone = monte_carlo(inputs, samples=200, seed=3, counterfactual=counterfactual)
        assert alone.avoided_tco2e is not None and alone.avoided_tco2e.half_width_pct is not None
        pct = uncertainty_deduction_pct(
            rules.rules, rules.bands, alone.avoided_tco2e.half_width_pct
        )
        result = pipeline.emissions(inputs, counterfactual=counterfactual)
        expected = pipeline.credits_of(inputs, result, uncertainty_fraction=pct / PERCENT,
                                       vintages=vintages)  # type: ignore[arg-type]  # fmt: skip
        assert found == expected
        if counterfactual == (baseline == "counterfactual"):
            assert run.uncertainty_pct == pct
    assert run.credits is (run.supported if baseline == "counterfactual" else run.claimed)


def test_each_baseline_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run with the counterfactual and the ledger computed the emissions four times, as four
    separate trips; now once for each baseline."""
    inputs = load_project(str(LEDGER)).inputs
    calls: list[bool] = []
    original = pipeline.emissions

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(bool(kwargs.get("counterfactual")))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "emissions", counted)
    run = credit_run(inputs, CreditRequest(samples=50, seed=0, ledger=True))
    assert run.ledger is not None
    assert sorted(calls) == sorted(set(calls))  # each baseline at most once


def test_only_the_deduction_when_no_waterfall_is_asked_for() -> None:
    inputs = load_project(str(ALTO_MAYO)).inputs
    run = credit_run(inputs, CreditRequest(samples=100, seed=1, waterfalls=False))
    assert run.credits is None and run.claimed is None and run.ledger is None
    again = credit_run(inputs, CreditRequest(samples=100, seed=1))
    assert again.uncertainty_pct == run.uncertainty_pct  # the same seed, the same deduction


def test_a_known_deduction_skips_the_monte_carlo() -> None:
    inputs = load_project(str(ALTO_MAYO)).inputs
    run = credit_run(inputs, CreditRequest(samples=100, seed=1, known_uncertainty_pct=12.5))
    assert run.monte_carlo is None and run.uncertainty_pct == 12.5


def test_never_more_credits_than_tonnes() -> None:
    inputs = load_project(str(ALTO_MAYO)).inputs
    run = credit_run(inputs, CreditRequest(samples=100, seed=1))
    assert run.credits is not None
    gross = math.fsum(v.gross_tco2e for v in run.credits.vintages)
    assert run.credits.credits <= max(gross, 0)
