"""``compare``: a portfolio whose projects convert burning's CH4 and N2O with GWPs of different IPCC
assessments says so, on stderr and in each row, since its total adds unlike tonnes of CO2e."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.reports.compare import CompareRow, gwp_uses, mixed_gwp_warning

runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})
SEED = Path(__file__).parents[2] / "projects" / "alto-mayo.yaml"


def burning(gwp: str) -> str:
    return (
        "  burning:\n"
        "    burned: {value: 50, unit: '%', source: ipcc-2006-v4-ch2}\n"
        "    combustion_factor: 0.4\n"
        f"    gwp: {gwp}\n"
        "    source: ipcc-2006-v4-ch2\n"
    )


def portfolio(folder: Path, editions: dict[str, str | None]) -> list[str]:
    """Copies of Alto Mayo, each burning half its cleared biomass with the GWPs named (None: no
    burning)."""
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for name, gwp in editions.items():
        path = folder / f"{name}.yaml"
        if gwp is None:
            shutil.copy(SEED, path)
        else:
            at = "  residual_carbon:\n"
            path.write_text(text.replace(at, burning(gwp) + at), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_mixed_editions_are_named_on_stderr_and_in_each_row(tmp_path: Path) -> None:
    paths = portfolio(tmp_path, {"old": "ar4", "new": "ar6", "plain": None})
    result = runner.invoke(app, ["compare", *paths, "--samples", "100", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [(r["label"], r["gwp"]) for r in doc["rows"]] == [
        ("old", "ar4"), ("new", "ar6"), ("plain", None),
    ]  # fmt: skip
    assert doc["total"]["gwp"] == "ar4, ar6"
    warning = [line for line in result.stderr.splitlines() if "GWPs of different" in line]
    assert len(warning) == 1
    assert "(AR4: old; AR6: new)" in warning[0]
    assert "plain" not in warning[0]  # CO2 only: no GWP in its figures
    # the CH4 and N2O differ: AR4's 25 and 298 against AR6's lower CH4, so the rows differ
    old, new = doc["rows"][0], doc["rows"][1]
    assert old["avoided_tco2e"] != pytest.approx(new["avoided_tco2e"], rel=1e-6)


def test_the_table_has_a_gwp_column_only_when_editions_differ(tmp_path: Path) -> None:
    paths = portfolio(tmp_path, {"old": "ar4", "new": "ar6"})
    result = runner.invoke(app, ["compare", *paths, "--samples", "100"])
    assert result.exit_code == 0, result.stderr
    rows: dict[str, list[str]] = {}  # the first table's rows: the totals
    for line in result.stdout.splitlines():
        if line.split():
            rows.setdefault(line.split()[0], line.split())
    assert rows["old"][-1] == "AR4" and rows["new"][-1] == "AR6"
    same = portfolio(tmp_path, {"a": "ar4", "b": "ar4"})
    result = runner.invoke(app, ["compare", *same, "--samples", "100"])
    assert result.exit_code == 0
    assert "GWP" not in result.stdout and "GWPs of different" not in result.stderr


def test_the_warning_needs_two_editions() -> None:
    def row(label: str, gwp: str | None) -> CompareRow:
        return CompareRow(label, 1.0, 1.0, 1.0, None, None, gwp=gwp)

    assert mixed_gwp_warning(gwp_uses([row("a", "ar6"), row("b", None)])) is None
    warning = mixed_gwp_warning(gwp_uses([row("a", "ar6"), row("b", "ar5"), row("c", "ar6")]))
    assert warning is not None and "(AR5: b; AR6: a, c)" in warning
