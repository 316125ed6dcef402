"""One Monte Carlo size everywhere: with no --samples, `credits`, `uncertainty`, `compare` and
the report run ART TREES v2.0's n of 10,000 (Section 8, p. 45), so that the same project gives
the same interval and the same deduction in each (issue 24: at 1,000 and 10,000 samples Alto
Mayo's vcs deduction was 38.37 % in `credits` and a half-width implying 37.93 % in
`uncertainty`)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc import api
from carboncalc.cli import app
from carboncalc.core.sampling import DEFAULT_SAMPLES

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})


def as_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_default_size_is_the_standards() -> None:
    """ART TREES v2.0, Section 8, p. 45: "a simulation n of 10,000"."""
    assert DEFAULT_SAMPLES == 10_000


@pytest.mark.parametrize("method", ["credits", "uncertainty", "sensitivity"])
def test_the_api_defaults_to_the_same_size(method: str) -> None:
    default = inspect.signature(getattr(api.Project, method)).parameters["samples"].default
    assert default == DEFAULT_SAMPLES


def test_every_command_gives_the_same_interval_and_deduction_by_default(tmp_path: Path) -> None:
    """Alto Mayo under its own rule set (vcs: the deduction is the part of the half-width above
    15 %): the deduction `credits` applies is the half-width `uncertainty` prints less 15, and
    `compare` and the report show the same deduction, credits and interval."""
    credits = as_json("credits", "alto-mayo")
    spread = as_json("uncertainty", "alto-mayo")
    portfolio = as_json("compare", "alto-mayo")
    assert spread["samples"] == DEFAULT_SAMPLES
    assert credits["rule_set"]["name"] == "vcs"
    deduction = credits["rules"]["uncertainty"]["pct"]
    half_width = spread["avoided_tco2e"]["half_width_pct"]
    assert deduction == pytest.approx(half_width - 15, abs=1e-9)
    assert "Monte Carlo, 10,000 samples, seed 0" in credits["rules"]["uncertainty"]["how"]
    (row,) = portfolio["rows"]
    assert row["uncertainty_pct"] == deduction
    assert row["credits"] == credits["totals"]["credits"]
    path = tmp_path / "alto-mayo.md"
    result = runner.invoke(app, ["report", "alto-mayo", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert f"| uncertainty deduction | {deduction:.2f} % |" in text
    assert f"half-width {half_width:.1f} % of the mean" in text
    assert "Monte Carlo, 10,000 samples, seed 0" in text
    p5, p95 = spread["avoided_tco2e"]["p5"], spread["avoided_tco2e"]["p95"]
    # the appendix's Monte Carlo table to the tonne; the summary and key figures in Mt, to 2
    # significant figures (1.1 to 3.6 Mt)
    assert f"| {p5:,.0f} | {p95:,.0f} |" in text
    assert f"(90 % interval {p5 / 1e6:#.3g} to {p95 / 1e6:#.3g} Mt CO2e)" in text  # 3 figures
    assert f"| credits (vcs rules) | {credits['totals']['credits']:,} (90 % interval" in text


def test_fewer_than_100_samples_are_refused() -> None:
    """At 1 sample the half-width is 0 and so is the deduction (1,437,188 credits for Alto
    Mayo against 581,716 at 10,000): below 100, no 90 % interval has draws beyond its ends."""
    from carboncalc.core.sampling import MIN_SAMPLES

    assert MIN_SAMPLES == 100
    for command in ("credits", "uncertainty", "compare", "sensitivity"):
        result = CliRunner().invoke(app, [command, "alto-mayo", "--samples", "99"])
        assert result.exit_code == 2 and "--samples" in result.stderr, (command, result.stderr)
    assert CliRunner().invoke(app, ["uncertainty", "alto-mayo", "--samples", "100"]).exit_code == 0


def test_the_api_refuses_fewer_than_100_samples_by_its_argument_name() -> None:
    project = api.load("alto-mayo")
    with pytest.raises(ValueError, match="samples=99: expected a whole number of at least 100"):
        project.credits(samples=99)
