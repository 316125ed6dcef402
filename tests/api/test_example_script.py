"""docs/examples/portfolio.py runs, from a clone's root, and prints figures the API gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "docs" / "examples" / "portfolio.py"


def run(tmp_path: Path, *args: str, python_path: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARBONCALC_")}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (python_path, src) if p)
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip


def test_the_example_builds_a_portfolio_a_sweep_and_a_chart(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    chart = tmp_path / "chart.png"
    found = run(tmp_path, str(chart))
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    portfolio = lines[lines.index("Portfolio (t CO2e; credits under each file's rules):") + 3 :]
    assert [line.split()[0] for line in portfolio[:3]] == [
        "alto-mayo", "los-amigos", "sacred-headwaters"]  # fmt: skip
    # the total is the sum of the rows' avoided emissions: 2,336,905 + 16,912,200
    assert "total avoided: 19,249,105 t CO2e" in lines
    steps = [line for line in lines if line.startswith(("0.3%/yr", "0.5%/yr", "0.8%/yr"))]
    assert len(steps) == 3
    avoided = [float(line.split()[1].replace(",", "")) for line in steps]
    assert avoided == sorted(avoided) and avoided[0] > 0  # more deforestation avoided, more
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert lines[-1] == f"wrote {chart}"


def test_the_example_skips_the_chart_without_matplotlib(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    blocker = tmp_path / "blocker"
    (blocker / "matplotlib").mkdir(parents=True)
    (blocker / "matplotlib" / "__init__.py").write_text("raise ImportError('no matplotlib')\n")
    found = run(tmp_path, python_path=str(blocker))
    assert found.returncode == 0, found.stderr
    assert "no chart: plot() needs matplotlib: pip install 'carboncalc[plot]'" in found.stdout
