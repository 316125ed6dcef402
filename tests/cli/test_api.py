"""The Python API for notebooks: the same results as the command line's JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

import carboncalc
from carboncalc.cli import app
from carboncalc.errors import CarboncalcError


def cli_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("method", "kwargs", "args"),
    [
        ("stock", {}, ["stock", "alto-mayo"]),
        ("emissions", {"case": "high", "first": 2009, "last": 2012},
         ["emissions", "alto-mayo", "--case", "high", "--from", "2009", "--to", "2012"]),
        ("equivalents", {}, ["equivalents", "alto-mayo"]),
        ("credits", {"samples": 200, "vintages": "calendar"},
         ["credits", "alto-mayo", "--samples", "200", "--vintages", "calendar"]),
        ("uncertainty", {"samples": 200, "seed": 3},
         ["uncertainty", "alto-mayo", "--samples", "200", "--seed", "3"]),
        ("uncertainty", {"samples": 200, "baseline": "counterfactual"},
         ["uncertainty", "alto-mayo", "--samples", "200", "--baseline", "counterfactual"]),
        ("sensitivity", {"samples": 200}, ["sensitivity", "alto-mayo", "--samples", "200"]),
        ("check", {}, ["check", "alto-mayo"]),
    ],
)  # fmt: skip
def test_api_results_equal_the_cli_json(
    method: str, kwargs: dict[str, Any], args: list[str]
) -> None:
    p = carboncalc.load("alto-mayo", values={"credits.buffer": "20%"}, rules="fcpf")
    found = getattr(p, method)(**kwargs).to_dict()
    sets = ["--set", "credits.buffer=20%"]
    rules = ["--rules", "fcpf"] if method in ("credits", "uncertainty", "sensitivity") else []
    assert found == cli_json(*args, *sets, *rules)


def test_rows_are_the_csv_table_and_bad_input_raises() -> None:
    header, rows = carboncalc.load("alto-mayo").emissions().rows()
    assert header[0] == "year" and len(rows) == 20 and rows[0][0] == 2008
    with pytest.raises(CarboncalcError, match="no project 'nowhere'"):
        carboncalc.load("nowhere")
    with pytest.raises(CarboncalcError, match="area"):
        carboncalc.load("alto-mayo", values={"area": "-5ha"})


def test_public_names_and_no_heavy_imports() -> None:
    """dir() shows the public names; importing and using carboncalc imports neither pandas nor
    matplotlib (checked in a fresh interpreter, since this one may have them loaded)."""
    assert {"load", "Project", "Result", "CarboncalcError"} <= set(dir(carboncalc))
    code = ("import sys, carboncalc; p = carboncalc.load('alto-mayo'); p.stock(); "
            "p.emissions().rows(); print(sorted(m for m in ('pandas', 'matplotlib') "
            "if m in sys.modules))")  # fmt: skip
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout == "[]\n"


def test_to_frame() -> None:
    pd = pytest.importorskip("pandas")
    frame = carboncalc.load("alto-mayo").emissions().to_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame.index) == list(range(2008, 2028))
    flat = carboncalc.load("alto-mayo").emissions().to_frame(index=False)
    assert list(flat["year"]) == list(range(2008, 2028)) and flat.index.equals(pd.RangeIndex(20))
