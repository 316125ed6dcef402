"""The report in the order a reader asks (issue 25): the summary written from the results, the
verdicts and the independent evidence, the forest lost, what the figures rest on, the inputs and
the credits, the appendices, and how to make it again; and printed, 2-4 pages whose first
carries the answer (in headless Chromium, where it is installed)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import strategies as st_cc
from carboncalc import __version__
from carboncalc.cli import app
from carboncalc.files.factor_editions import load_factor_table
from carboncalc.files.loading import load_project
from carboncalc.render import brief
from carboncalc.reports.check import check_result

runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1767225600"})
BODY = [
    "The published claims",
    "Independent evidence",
    "The forest lost, 2008-2027",
    "What this rests on",
    "Inputs and their sources",
    "From avoided emissions to credits",
]
APPENDICES = ["Appendix A: methods", "Appendix B: tables"]  # fmt: skip


def report(tmp_path: Path, project: str, name: str, *options: str) -> str:
    out = tmp_path / name
    result = runner.invoke(app, ["report", project, "-o", str(out), "--samples", "1000",
                                 *options])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def alto_mayo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Alto Mayo's report as Markdown and HTML, at 1,000 samples."""
    folder = tmp_path_factory.mktemp("alto-mayo")
    return report(folder, "alto-mayo", "r.md"), report(folder, "alto-mayo", "r.html")


def test_the_markdown_reads_summary_verdicts_evidence_then_the_rest(
    alto_mayo: tuple[str, str],
) -> None:
    text, _ = alto_mayo
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == [*BODY, *APPENDICES, "Identity and reproducibility"]
    before = text[: text.index("## ")]  # the title, the summary and the key figures
    assert before.index("carboncalc recomputed") < before.index("| key figures")


def test_the_html_has_the_same_order_and_leaves_the_appendices_out_of_print(
    alto_mayo: tuple[str, str],
) -> None:
    _, page = alto_mayo
    headings = re.findall(r"<h2>(.+?)</h2>", page)
    assert headings == [*BODY, *APPENDICES, "Identity and reproducibility"]
    assert page.index('<p class="lead">') < page.index("<h2>")
    appendix = page[page.index('<div class="appendix">') :]
    assert appendix.index("Appendix A") < appendix.index("</div>\n<h2>Identity")
    assert "@media print" in page and ".appendix{display:none}" in page
    assert "not printed" in page[: page.index('<div class="appendix">')]


def alto_mayo_by_hand() -> dict[str, float]:
    """er-2008-2016 by hand: 144,000 ha of forest, the baseline's 0.3556 %/yr of the forest left
    and the project's a quarter of it (a 75 % cut), over the 9 years 2008-2016; 145 t dm/ha (the
    midpoint of 60-230) x 0.47 x (1 + 0.27) x 44/12 = 317.35 t CO2e/ha."""
    forest, rate = 144_000, 0.3556 / 100
    baseline = forest * (1 - (1 - rate) ** 9)
    project = forest * (1 - (1 - rate / 4) ** 9)
    ef = 145 * 0.47 * 1.27 * 44 / 12
    return {
        "projection_ha_yr": (baseline - project) / 9,  # 377.3
        "needs_ha_yr": 6.2e6 / 9 / ef,  # 2,170.7
        "less_pct": (1 - (baseline - project) * ef / 6.2e6) * 100,  # 82.6
    }


def test_page_one_says_what_was_claimed_that_it_fails_by_how_much_and_what_it_would_take(
    alto_mayo: tuple[str, str],
) -> None:
    """The summary paragraph and the key figures, before any section: the claim, its verdict,
    by how much, what it would take (by hand: see alto_mayo_by_hand), and the independent
    evidence (the project's 0.0889 %/yr against its matched controls' 0.0844 %/yr: it cleared
    more)."""
    text, _ = alto_mayo
    lead = text.split("\n\n")[2]
    assert lead.startswith("carboncalc recomputed Alto Mayo Protected Forest")
    hand = alto_mayo_by_hand()
    assert (f"The first, 6.2 Mt CO2e of avoided emissions over 2008-2016, fails: carboncalc finds "
            f"1.08 Mt CO2e, {hand['less_pct']:.0f} % less; to be true it would take about "
            f"{round(hand['needs_ha_yr'], -1):,.0f} ha/yr of avoided clearing, where carboncalc's "
            f"projection has {hand['projection_ha_yr']:.0f}; it lies outside carboncalc's 90 % "
            "interval") in lead  # fmt: skip
    assert "3 of its 6 published claims fail (er-2008-2016, er-2009-2012, er-2012-2014)" in lead
    # the evidence's central rate alone gives -40,700 t; its interval is stated beside it
    assert (
        "avoided -40,700 t CO2e at the counterfactual's given rate, the end of its range; "
        "over the rate's range, 90 % interval" in lead
    )
    assert "it supports none of the 572,000 credits" in lead  # 571,909 at 1,000 samples
    assert "Guizar-Coutino et al. 2022" in lead
    key = text[text.index("| key figures") : text.index("## ")]
    assert "3 of 6 fail: er-2008-2016, er-2009-2012, er-2012-2014" in key
    assert "| against matched forests outside | 0 of 571,909 credits supported" in key
    # each failing claim with its quote and source, and what it would take
    verdicts = text[text.index("## The published claims") : text.index("## Independent")]
    quote = (
        'er-2008-2016 FAILS: "Since 2008, the Alto Mayo REDD+ project has generated over '
        '6.2 million tons of emissions reductions" (Conservation International'
    )
    assert quote in verdicts
    assert "Hold: cars-2008-2016, cars-2013, conversions of published tonnes" in verdicts


def test_the_summary_is_written_from_the_results_of_any_project(tmp_path: Path) -> None:
    """A project of its own: 1,000 ha at 100 t C/ha, the baseline clearing 1 %/yr of the forest
    left and the project 0.2 %/yr, over 10 years: 1000 (1 - 0.99^10) - 1000 (1 - 0.998^10) =
    75.80 ha avoided, x 366.67 t CO2e/ha = 27,792 t CO2e; no claims, no credits."""
    path = tmp_path / "own.yaml"
    path.write_text(st_cc.OBSERVED_PROJECT.replace("    observed: {file: FILE, source: src}\n",
                                                   ""), encoding="utf-8")  # fmt: skip
    text = report(tmp_path, str(path), "own.md")
    avoided = (1000 * (1 - 0.99**10) - 1000 * (1 - 0.998**10)) * 100 * 44 / 12
    assert f"{avoided:,.0f}" == "27,792"
    lead = text.split("\n\n")[2]
    assert lead == (
        "carboncalc recomputed Observed forest (PE) from the 5 inputs of its project file, none "
        "of them assumptions. It finds avoided emissions of 27,800 t CO2e over 2010-2019. The "
        "file states no published claims to check."
    )
    assert "## The published claims" not in text and "## What this rests on" not in text
    assert "| Monte Carlo | none: no input has a range |" in text  # the seed changes nothing


def test_a_verdict_says_whether_the_claim_lies_within_the_interval() -> None:
    """Where a Monte Carlo of the claims gives their 90 % intervals (ClaimCheck.interval), the
    verdicts' table and text say whether each published figure lies within it; Alto Mayo's
    er-2008-2016 (6.2 Mt) beside an interval of 0.51-1.6 Mt lies outside it."""
    loaded = load_project("alto-mayo")
    found = check_result(loaded, table=load_factor_table())
    spread = {"er-2008-2016": (0.51e6, 1.6e6), "er-2009-2012": (0.2e6, 2.6e6)}
    with_intervals = replace(found, claims=tuple(
        replace(c, interval=spread.get(c.claim_id)) for c in found.claims))  # fmt: skip
    blocks = brief.verdicts(loaded, with_intervals, charts=False)
    table = next(b for b in blocks if b.kind == "table")
    assert table.header[-1] == "carboncalc's 90 % interval"
    rows = {row[0]: row for row in table.rows}
    assert rows["er-2008-2016"][-1] == "0.510-1.60 (outside)"
    assert rows["er-2009-2012"][-1] == "0.200-2.60 (within)"  # 2.5 Mt lies within
    assert rows["cars-2013"][-1] == "-"
    text = " ".join(b.text for b in blocks if b.kind == "p")
    assert "The published figure lies outside carboncalc's 90 % interval 0.510-1.60 Mt CO2e" in text
    assert "The published figure lies within carboncalc's 90 % interval 0.200-2.60 Mt CO2e" in text
    # without intervals, no column and no word of one
    bare = replace(found, claims=tuple(replace(c, interval=None) for c in found.claims))
    plain = brief.verdicts(loaded, bare, charts=False)
    assert "interval" not in " ".join(next(b for b in plain if b.kind == "table").header)


def test_what_it_rests_on_names_inputs_in_words_with_their_low_and_high_values(
    alto_mayo: tuple[str, str],
) -> None:
    """The density at 60 and 230 t dm/ha gives 145 -> 60 and 230: 2,336,905 x 60/145 = 966,995
    and x 230/145 = 3,706,816 t CO2e (avoided emissions scale with the density); the buffer
    moves credits only. The tornado's picture names them in words too."""
    text, page = alto_mayo
    part = text[text.index("## What this rests on") : text.index("## Inputs")]
    assert f"{2_336_905 * 60 / 145:,.0f}" == "966,995"
    assert ("| above-ground carbon density | yes | 60 t dm/ha | 230 t dm/ha | 0.967 to 3.71 Mt "
            "CO2e |") in part  # fmt: skip
    assert "| buffer for non-permanence risk | yes | 10 % | 60 % | 2.34 Mt CO2e at both |" in part
    assert "carbon.pools" not in part and "credits.buffer" not in part
    assert "baseline deforestation rate (0.3556 %/yr of remaining forest)" in part
    if "<svg" in page:
        tornado = page[page.index("<h2>What this rests on") : page.index("<h2>Inputs")]
        assert "<!-- above-ground carbon density -->" in tornado
        assert "<!-- 60 (blue) to 230 (orange) t dm/ha -->" in tornado
        assert "carbon.pools" not in tornado


def test_the_headline_picture_draws_the_counterfactual_from_zero(
    alto_mayo: tuple[str, str],
) -> None:
    text, page = alto_mayo
    part = text[text.index("## The forest lost") : text.index("## What this rests on")]
    chart = part[part.index("```") :]
    assert "c matched forests" in chart and "b baseline" in chart and "p project" in chart
    assert re.search(r"^\s+0 \|", chart, flags=re.M)  # the text chart's axis starts at 0
    # 144,000 x (1 - (1 - 0.003556)^20) = 9,903 ha cleared under the baseline by 2027
    assert f"{144_000 * (1 - (1 - 0.003556) ** 20):,.0f}" == "9,903"
    assert "baseline (without the project): 9,903 ha" in part
    if "<svg" in page:
        picture = page[page.index("<h2>The forest lost") : page.index("<h2>What this")]
        ticks = re.findall(r"<!-- ([\d,]+) -->", picture)
        years = [t for t in ticks if re.fullmatch(r"20\d\d", t)]
        assert ticks[len(years)] == "0"  # the first tick of the y axis: from zero
        assert "<!-- at the rate of matched forests outside -->" in picture
        assert "<!-- 90 % interval, at the rate of matched forests outside -->" in picture


def test_without_matplotlib_the_html_says_how_to_get_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails as if not installed
    page = report(tmp_path, "alto-mayo", "r.html")
    assert "<svg" not in page and "<pre>Forest cleared since 2008" in page
    assert page.count("pip install &#x27;.[plot]&#x27; in carboncalc&#x27;s folder") == 1
    assert "pip install" not in report(tmp_path, "alto-mayo", "r.md")


def test_the_last_section_says_how_to_make_the_report_again(tmp_path: Path) -> None:
    """The date (SOURCE_DATE_EPOCH 1767225600: 2026-01-01), the author and organisation the file
    names, the command, carboncalc's version, the samples and seed (a baseline rate with a
    range: a Monte Carlo runs), and the SHA-256 of the project file and of the observed CSV it
    names."""
    csv = tmp_path / "observed.csv"
    csv.write_text("year,cleared_ha\n2010,5\n2011,6.5\n", encoding="utf-8")
    project = tmp_path / "own.yaml"
    ranged = st_cc.OBSERVED_PROJECT.replace(
        'rate: {value: 1.0, unit: "%/yr"', 'rate: {value: 1.0, low: 0.8, high: 1.2, unit: "%/yr"'
    )
    assert ranged != st_cc.OBSERVED_PROJECT  # a range, so the Monte Carlo runs
    project.write_text(ranged.replace("FILE", "observed.csv")
                       + "report: {author: A. Analyst, organisation: Example Forest Trust}\n",
                       encoding="utf-8")  # fmt: skip
    text = report(tmp_path, str(project), "own.md", "--seed", "7")
    last = text[text.index("## Identity and reproducibility") :]
    digest = hashlib.sha256(project.read_bytes()).hexdigest()
    assert f"| SHA-256 of own.yaml | {digest} |" in last
    assert f"| SHA-256 of observed.csv | {hashlib.sha256(csv.read_bytes()).hexdigest()} |" in last
    assert "| date | 2026-01-01 |" in last and f"| made with | carboncalc {__version__} |" in last
    assert "| by | A. Analyst, Example Forest Trust |" in last
    # the project as its file's name (a report carries no path of the machine it was made on)
    assert "| command | carboncalc report own.yaml -o own.md --samples 1000 --seed 7 |" in last
    assert "| Monte Carlo | 1,000 samples, seed 7 |" in last
    assert str(tmp_path) not in text
    assert "report by A. Analyst, Example Forest Trust" in text.split("\n\n")[1]


# --- printed ------------------------------------------------------------------------------

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)  # fmt: skip


def printed(page: Path, size: str) -> Path:
    """The page printed by headless Chromium on ``size`` paper (A4 or letter)."""
    assert CHROMIUM is not None
    sized = page.with_name(f"{page.stem}-{size}.html")
    sized.write_text(page.read_text(encoding="utf-8").replace(
        "</head>", f"<style>@page{{size:{size}}}</style></head>", 1), encoding="utf-8")  # fmt: skip
    pdf = sized.with_suffix(".pdf")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", sized.as_uri()],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    return pdf


def pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.M).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium to print with")
@pytest.mark.parametrize("size", ["A4", "letter"])
def test_alto_mayo_prints_on_2_to_4_pages_with_the_answer_on_the_first(
    tmp_path: Path, size: str
) -> None:
    report(tmp_path, "alto-mayo", "alto-mayo.html")
    pdf = printed(tmp_path / "alto-mayo.html", size)
    assert 2 <= pages(pdf) <= 4
    if shutil.which("pdftotext"):
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        words = " ".join(first.split())
        for said in ("6.2 Mt CO2e of avoided emissions over 2008-2016, fails", "83 % less",
                     "about 2,170 ha/yr of avoided clearing", "Against independent evidence",
                     "supports none of the", "er-2008-2016 FAILS"):  # fmt: skip
            assert said in words, said


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium to print with")
def test_a_new_project_prints_on_2_to_4_pages(tmp_path: Path) -> None:
    made = runner.invoke(app, ["new", "plain", "--projects-dir", str(tmp_path), "-q"])
    assert made.exit_code == 0
    report(tmp_path, str(tmp_path / "plain.yaml"), "plain.html")
    for size in ("A4", "letter"):
        assert 2 <= pages(printed(tmp_path / "plain.html", size)) <= 4
