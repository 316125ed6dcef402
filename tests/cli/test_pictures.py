"""Pictures from the command line: text charts in 80 columns without colour, image files, the
tornado's ranking, the report (the chart functions themselves: tests/render/test_charts.py)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})


def test_text_charts_fit_80_columns_and_need_no_colour() -> None:
    out = runner.invoke(app, ["emissions", "alto-mayo", "--chart"]).stdout
    chart = out[out.index("Forest area, ha") :]
    assert max(len(line) for line in chart.splitlines()) <= 80
    assert "b baseline   p project" in chart and "\x1b[" not in chart  # glyphs, no colour codes
    out = runner.invoke(app, ["sensitivity", "alto-mayo", "--pct", "10"]).stdout
    bars = out[out.index("Avoided emissions, t CO2e (base") :]
    assert max(len(line) for line in bars.splitlines()) <= 80


def test_sensitivity_ranking_is_stable_under_a_change_of_seed() -> None:
    def ranking(seed: str) -> list[str]:
        result = runner.invoke(app, ["sensitivity", "alto-mayo", "--pct", "10", "--seed", seed,
                                     "-f", "json"])  # fmt: skip
        return [s["input"] for s in json.loads(result.stdout)["inputs"]]

    first = ranking("1")
    assert first == ranking("2") == ranking("99")
    assert first[0] == "deforestation.project.reduction"
    assert "deforestation.counterfactual.rate" not in first


def test_sensitivity_swings_match_single_runs() -> None:
    data = json.loads(runner.invoke(app, ["sensitivity", "alto-mayo", "-f", "json"]).stdout)
    (density,) = [s for s in data["inputs"] if s["input"] == "carbon.pools.above_ground"]
    single = json.loads(runner.invoke(app, ["emissions", "alto-mayo", "--scenario",
                                            "density-low", "-f", "json"]).stdout)  # fmt: skip
    assert density["avoided_low_tco2e"] == pytest.approx(
        single["totals"]["avoided_emissions_tco2e"]
    )


@pytest.mark.parametrize(
    ("command", "suffix"),
    [
        ("emissions", ".png"),
        ("sensitivity", ".svg"),
        ("emissions", ".svg"),
        ("sensitivity", ".png"),
    ],
)
def test_plot_writes_a_valid_image(tmp_path: Path, command: str, suffix: str) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / f"chart{suffix}"
    result = runner.invoke(app, [command, "alto-mayo", "--plot", str(path)])
    assert result.exit_code == 0, result.stderr
    data = path.read_bytes()
    assert len(data) > 10_000
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert b"<svg" in data[:1000] and data.rstrip().endswith(b"</svg>")


def test_plot_without_matplotlib_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails as if not installed
    result = runner.invoke(app, ["emissions", "alto-mayo", "--plot", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert result.stderr == "carboncalc: --plot needs matplotlib: pip install 'carboncalc[plot]'\n"


def test_markdown_report(tmp_path: Path) -> None:
    path = tmp_path / "alto-mayo.md"
    # the figures below are at 1,000 samples
    result = runner.invoke(app, ["report", "alto-mayo", "-o", str(path), "--samples", "1000"])
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == f"wrote {path}\n"
    text = path.read_text(encoding="utf-8")
    headings = ["# Alto Mayo Protected Forest", "carboncalc recomputed Alto Mayo",
                "| key figures |  |",
                "## The published claims", "## Independent evidence", "## The forest lost",
                "## What this rests on", "## Inputs and their sources", "### Sources",
                "## From avoided emissions to credits", "## Appendix A: methods",
                "### Credit rules", "## Appendix B: tables", "### Assumptions, and why",
                "### Carbon stock by pool", "### Emissions by year", "### Credits by vintage",
                "### Monte Carlo results", "### Everyday equivalents",
                "## Identity and reproducibility"]  # fmt: skip
    at = [text.index(h) for h in headings]
    assert at == sorted(at)  # the summary first, then the sections in this order
    # no absolute path: seed:alto-mayo, or projects/alto-mayo.yaml where ./projects has it
    shown = re.search(r"project file (\S+);", text)
    assert shown is not None and not Path(shown.group(1)).is_absolute()
    key = text[text.index("| key figures") : text.index("## The published claims")]
    assert "| credits (vcs rules) | 571,909 (90 % interval" in key
    # which claims fail, and why
    assert ("| published claims | 3 of 6 fail: er-2008-2016, er-2009-2012, er-2012-2014 "
            "(carboncalc finds 81-86 % less avoided emissions); 3 hold |") in key  # fmt: skip
    for table in text.split("\n\n"):
        lines = table.splitlines()
        if lines and lines[0].startswith("| "):
            cells = {line.replace("\\|", "").count("|") for line in lines}
            assert len(cells) == 1, table[:200]  # every row has the header's columns
    # over the 144,000 ha of forest: 1.362 Mt over 182,000 ha before, x 144/182 = 1.078 Mt,
    # shown to 3 significant figures; a failing claim is highlighted (bold in Markdown)
    # a failure the seed file expects: still FAILS, said to be expected
    assert ("| **er-2008-2016** | **6.2** | **1.08** | **Mt CO2e** | **-83 %** "
            "| **±0.81 %** | **FAILS (expected)** |") in text  # fmt: skip
    # 449,732 acres to 3 figures would print as the published 450,000: one more figure shows it
    assert "| area-acres | 450,000 | 449,700 | acre | -0.060 % | ±1.11 % | HOLDS |" in text


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    from html.parser import HTMLParser

    pytest.importorskip("matplotlib")
    path = tmp_path / "report.html"
    assert runner.invoke(app, ["report", "los-amigos", "-o", str(path)]).exit_code == 0
    text = path.read_text(encoding="utf-8")

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []
            self.external: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.seen.append(tag)
            self.external += [v or "" for k, v in attrs if k in ("src", "href") and v
                              and not v.startswith("#")]  # fmt: skip

    tags = Tags()
    tags.feed(text)
    assert "svg" in tags.seen and "table" in tags.seen
    assert "script" not in tags.seen and "link" not in tags.seen
    assert tags.external == []


@pytest.mark.parametrize(("name", "message"), [("x.pdf", "writes a .md or .html file"),
                                               ("nowhere/x.md", "no folder")])  # fmt: skip
def test_report_refuses_bad_outputs(tmp_path: Path, name: str, message: str) -> None:
    result = runner.invoke(app, ["report", "alto-mayo", "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and message in result.stderr


def test_a_report_has_no_empty_sections_and_prints_cleanly(tmp_path: Path) -> None:
    """A new project (no claims, no counterfactual) gets no claims section nor evidence; the
    HTML carries print CSS (the appendices left out of print), and no absolute path."""
    assert (
        runner.invoke(app, ["new", "plain", "--projects-dir", str(tmp_path), "-q"]).exit_code == 0
    )
    md = tmp_path / "plain.md"
    page = tmp_path / "plain.html"
    for out in (md, page):
        result = runner.invoke(app, ["report", str(tmp_path / "plain.yaml"), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.stderr
    text = md.read_text(encoding="utf-8")
    assert "## The published claims" not in text and "## Independent evidence" not in text
    assert "counterfactual" not in text.lower()
    assert str(tmp_path) not in text and str(tmp_path) not in page.read_text(encoding="utf-8")
    assert "@media print" in page.read_text(encoding="utf-8")
    assert ".appendix{display:none}" in page.read_text(encoding="utf-8")


def test_the_html_report_is_the_same_bytes_twice(tmp_path: Path) -> None:
    """Its SVG charts' ids come from a fixed salt (they were random), so a report made again
    from the same inputs and seed is the same file."""
    pytest.importorskip("matplotlib")
    made = []
    for folder in ("a", "b"):  # one name: the report names its file in the command that made it
        (tmp_path / folder).mkdir()
        out = tmp_path / folder / "r.html"
        result = runner.invoke(app, ["report", "alto-mayo", "--samples", "200", "-o", str(out)],
                               env={"SOURCE_DATE_EPOCH": "1767225600"})  # fmt: skip
        assert result.exit_code == 0, result.stderr
        made.append(out.read_bytes())
    assert b"<svg" in made[0] and made[0] == made[1]
    # and no two of its pictures share an id (clip paths, markers): one page, unique ids
    ids = re.findall(rb'id="([mp][0-9a-f]{10})"', made[0])
    assert ids and len(ids) == len(set(ids))
