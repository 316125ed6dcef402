"""Credits by monitoring period: the answer names the period once, and the table (whose first
column holds the period's dates, one above the other) fits 80 columns like every other."""

from __future__ import annotations

from typer.testing import CliRunner

from carboncalc.cli import app


def test_monitoring_periods_read_well_at_80_columns() -> None:
    result = CliRunner().invoke(
        app, ["credits", "alto-mayo", "--vintages", "monitoring", "--samples", "200"],
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "(vcs rules, 2012-06-15 to 2014-06-14) from" in lines[1]
    assert max(len(line.rstrip()) for line in lines) <= 80
    start = [line.strip() for line in lines].index("Credit waterfall by vintage")
    table = lines[start + 1 : next(i for i, line in enumerate(lines) if "total" in line) + 1]
    assert max(len(line.rstrip()) for line in table) <= 78  # older rich draws 1-2 wider
    assert any(line.strip().startswith("2012-06-15 to") for line in lines)
