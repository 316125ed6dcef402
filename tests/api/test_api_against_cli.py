"""The Python API against the command line: the same inputs give the same figures (compare,
sweep, scenarios, evidence, rates, did), draws that summarise to the uncertainty's figures,
tables a notebook can show safely, and errors that name the Python argument."""

from __future__ import annotations

import json
import math
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import carboncalc
from carboncalc.cli import app
from carboncalc.errors import CarboncalcError

ROOT = Path(__file__).parents[2]
SAMPLES = 200


def cli_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def same(a: Any, b: Any) -> bool:
    """Equal, a missing figure (None in JSON) being NaN or <NA> in a frame."""
    if b is None:
        import pandas as pd

        return bool(pd.isna(a))
    if isinstance(b, float) and not isinstance(a, str):
        return float(a) == pytest.approx(b, rel=1e-12)
    return bool(a == b)


def test_compare_frame_is_the_compare_commands_json() -> None:
    pytest.importorskip("pandas")
    result = carboncalc.compare(samples=SAMPLES)
    assert result.to_dict() == cli_json("compare", "--samples", str(SAMPLES))
    frame = result.to_frame()
    rows = cli_json("compare", "--samples", str(SAMPLES))["rows"]
    assert frame.index.name == "project"
    assert list(frame.index) == [r["label"] for r in rows] == [
        "alto-mayo", "los-amigos", "sacred-headwaters"]  # fmt: skip
    for row in rows:
        for column, value in row.items():
            if column != "label":
                assert same(frame.loc[row["label"], column], value), (row["label"], column)
    assert "error" not in frame.columns  # every project computed
    assert str(frame["credits"].dtype) == "Int64"  # whole, with the missing as <NA>
    assert frame.attrs["units"]["avoided_tco2e_per_ha_per_yr"] == "t CO2e/ha/yr"


def test_a_project_that_fails_is_a_row_with_its_error(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    shutil.copy(ROOT / "projects" / "alto-mayo.yaml", tmp_path / "good.yaml")
    shutil.copy(ROOT / "tests" / "data" / "invalid" / "area-zero.yaml", tmp_path / "bad.yaml")
    result = carboncalc.compare([tmp_path], samples=SAMPLES)
    frame = result.to_frame()
    assert list(frame.index) == ["good", "bad"]
    pd = pytest.importorskip("pandas")
    assert pd.isna(frame.loc["good", "error"]) and frame.loc["good", "credits"] == 611047
    assert "area" in frame.loc["bad", "error"] and math.isnan(frame.loc["bad", "stock_tco2"])
    assert [name for name, _ in result.errors] == ["bad"]
    with pytest.raises(CarboncalcError, match="area"):
        carboncalc.compare([tmp_path], samples=SAMPLES, errors="raise")


def test_sweep_equals_separate_loads_and_the_sweep_command() -> None:
    pytest.importorskip("pandas")
    field, values = "deforestation.baseline.rate", ["0.3%/yr", "0.5%/yr", "0.8%/yr"]
    sweep = carboncalc.load("alto-mayo").sweep(field, values, samples=SAMPLES)
    frame = sweep.to_frame()
    assert frame.index.name == field and list(frame.index) == values
    for value in values:
        alone = carboncalc.load("alto-mayo", values={field: value})
        avoided = alone.emissions().to_dict()["totals"]["avoided_emissions_tco2e"]
        credits = alone.credits(samples=SAMPLES).to_dict()["totals"]["credits"]
        assert frame.loc[value, "avoided_tco2e"] == pytest.approx(avoided, rel=1e-12)
        assert frame.loc[value, "credits"] == credits
    # the command's rows, value for value (its labels are its own texts of the same values)
    cli = cli_json("sweep", "alto-mayo", field, "0.3%/yr", "0.8%/yr", "--steps", "6",
                   "--samples", str(SAMPLES))["rows"]  # fmt: skip
    by_label = {r["label"]: r for r in cli}
    for value in ("0.3%/yr", "0.8%/yr"):
        row = by_label[value]
        for column in ("avoided_tco2e", "credits", "stock_tco2", "uncertainty_pct"):
            assert same(frame.loc[value, column], row[column]), column


def test_a_sweep_reads_the_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The steps apply their value to the document as read: the file is not read again."""
    from carboncalc.files import loading

    p = carboncalc.load("alto-mayo")
    reads: list[str] = []
    real = loading.read_bytes
    monkeypatch.setattr(
        loading, "read_bytes", lambda path, name: reads.append(name) or real(path, name)
    )
    p.sweep("credits.buffer", [10, 20, 30], samples=SAMPLES)
    p.with_values({"credits.buffer": 25})
    assert reads == []


def test_scenario_and_values_are_the_commands_options() -> None:
    p = carboncalc.load("alto-mayo")
    found = p.scenario("high-buffer").credits(samples=SAMPLES).to_dict()
    assert found == cli_json("credits", "alto-mayo", "--scenario", "high-buffer",
                             "--samples", str(SAMPLES))  # fmt: skip
    # what-ifs add up, and a scenario keeps them
    both = p.with_values({"credits.buffer": "20%"}).with_values(area="200000 ha")
    assert [o.text for o in both.loaded.overrides] == ["credits.buffer=20%", "area=200000 ha"]
    assert both.scenario("density-low").loaded.scenario == "density-low"
    assert p.loaded.overrides == ()  # unchanged


def test_set_is_a_deprecated_alias_of_values() -> None:
    with pytest.warns(DeprecationWarning, match="values="):
        old = carboncalc.load("alto-mayo", set=["credits.buffer=20%"])
    new = carboncalc.load("alto-mayo", values={"credits.buffer": "20%"})
    assert old.credits(samples=SAMPLES).report.waterfall == new.credits(
        samples=SAMPLES).report.waterfall  # fmt: skip


@pytest.mark.parametrize(
    ("call", "starts"),
    [
        (lambda p: p.with_values({"aera": 5}), "with_values: 'aera': "),
        (lambda p: p.with_values({"credits.buffer": [1, 2]}), "with_values: 'credits.buffer': "),
        (lambda p: p.with_values({"a b": 5}), "with_values: 'a b': "),
        (lambda p: p.with_values({"period.length_yr": "zero"}), "with_values: 'period.length_yr'"),
        (lambda p: carboncalc.load("alto-mayo", values={"aera": 5}), "values: 'aera': "),
        (lambda p: p.sweep("credits.bufer", [10]), "sweep: 'credits.bufer': "),
    ],
)
def test_errors_name_the_python_argument(call: Any, starts: str) -> None:
    p = carboncalc.load("alto-mayo")
    with pytest.raises(CarboncalcError) as caught:
        call(p)
    message = str(caught.value)
    assert message.startswith(starts), message
    assert "--set" not in message and "FIELD=VALUE" not in message


def test_the_error_of_a_misspelled_field_suggests_the_field() -> None:
    with pytest.raises(CarboncalcError) as caught:
        carboncalc.load("alto-mayo").with_values({"aera": 5})
    (problem,) = caught.value.problems
    assert problem.path == "with_values: 'aera'" and "did you mean 'area'" in problem.message


def test_draws_summarise_to_the_uncertainty() -> None:
    pytest.importorskip("pandas")
    p = carboncalc.load("alto-mayo")
    for baseline in ("project", "counterfactual"):
        draws = p.draws(samples=500, seed=4, baseline=baseline)  # type: ignore[arg-type]
        summary = p.uncertainty(samples=500, seed=4, baseline=baseline).to_dict()  # type: ignore[arg-type]
        assert len(draws) == 500 and draws.index.name == "sample"
        for column, key in (("stock_tco2", "stock_tco2"), ("avoided_tco2e", "avoided_tco2e"),
                            ("credits_exact_tco2e", "credits_exact_tco2e")):  # fmt: skip
            want = summary[key]
            for q, name in ((0.05, "p5"), (0.5, "median"), (0.95, "p95")):
                assert draws[column].quantile(q) == pytest.approx(want[name], rel=1e-12), name
            assert draws[column].mean() == pytest.approx(want["mean"], rel=1e-12)
    inputs = [c for c in draws.columns if "." in c or c == "area"]
    assert inputs and all(draws[c].nunique() > 1 for c in inputs)
    assert draws.attrs["units"]["carbon.pools.above_ground"] == "t dm/ha"


class Checked(HTMLParser):
    """Every tag closed in order (the void ones aside); the text collected."""

    VOID: ClassVar[set[str]] = {"br", "hr", "img", "meta", "input", "col"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        assert tag != "script"
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def checked(markup: str) -> str:
    parser = Checked()
    parser.feed(markup)
    parser.close()
    assert parser.open == []
    return "".join(parser.text)


HOSTILE = '<script>alert("x")</script> & <b>Forest</b> | *x*'


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    text = (ROOT / "projects" / "alto-mayo.yaml").read_text(encoding="utf-8")
    path = tmp_path / "hostile.yaml"
    path.write_text(text.replace("name: Alto Mayo Protected Forest", f"name: '{HOSTILE}'"),
                    encoding="utf-8")  # fmt: skip
    return path


def test_notebook_tables_are_well_formed_and_escaped(hostile: Path) -> None:
    p = carboncalc.load(hostile)
    assert HOSTILE in checked(p._repr_html_())
    for result in (p.stock(), p.emissions(), p.credits(samples=SAMPLES), p.check()):
        text = checked(result._repr_html_())
        header, rows = result.rows()
        assert all(column in text for column in header)
        assert len(rows) <= 60 or "rows: the first and last" in text
    stock = p.stock()._repr_html_()
    assert "<th>stock_tco2 [t CO2]</th>" in stock and "<td>45,698,664</td>" in stock
    assert "Carbon stock 45.7 Mt CO2" in stock  # the answer, as the caption
    assert "6 published claims: 3 FAIL (3 expected), 3 HOLD" in p.check()._repr_html_()
    markdown = p._repr_markdown_()
    assert "<script>" not in markdown and "\\<script\\>" in markdown


def test_frames_are_indexed_by_their_key_with_units() -> None:
    pytest.importorskip("pandas")
    p = carboncalc.load("alto-mayo")
    credits = p.credits(samples=SAMPLES).to_frame()
    assert credits.index.name == "vintage" and credits.attrs["units"]["credits"] == "t CO2e"
    assert list(p.check().to_frame().index.names) == ["project", "claim"]
    assert p.stock().to_frame().attrs["units"]["density_tc_per_ha"] == "t C/ha"
    assert p.uncertainty(samples=SAMPLES).to_frame().index.name == "quantity"
    units = carboncalc.compare(["alto-mayo"], samples=SAMPLES).to_frame().attrs["units"]
    assert units == {"area_ha": "ha", "forest_ha": "ha", "stock_tco2": "t CO2",
                     "avoided_tco2e": "t CO2e", "credits": "t CO2e",
                     "avoided_tco2e_per_yr": "t CO2e/yr",
                     "avoided_tco2e_per_ha_per_yr": "t CO2e/ha/yr",
                     "credits_per_yr": "t CO2e/yr", "vehicles_per_yr": "vehicles",
                     "uncertainty_pct": "%"}  # fmt: skip
    evidence = carboncalc.evidence().to_frame().attrs["units"]
    assert evidence["control_pct_per_yr"] == "%/yr" and evidence["avoided_ha_per_yr"] == "ha/yr"
    assert evidence["density_tco2_per_ha"] == "t CO2/ha"


def test_evidence_rates_and_did_are_the_commands() -> None:
    assert carboncalc.evidence(["944", "1067"]).to_dict() == cli_json("evidence", "944", "1067")
    points = ("500000ha@2010", "420000ha@2020")
    assert carboncalc.rates(*points).to_dict() == cli_json("rates", *points)
    assert carboncalc.did((0.2017, 0.1024), (0.2314, 0.1548), area_ha=178703.95, years=5
                          ).to_dict() == cli_json(
        "did", "--project", "0.2017", "0.1024", "--control", "0.2314", "0.1548",
        "--area", "178703.95ha", "--years", "5")  # fmt: skip


def test_plot_returns_the_figure_and_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = carboncalc.load("alto-mayo")
    if "matplotlib" in sys.modules or _has("matplotlib"):
        from matplotlib.figure import Figure

        for kind in ("emissions", "credits", "sensitivity", "forest"):
            fig = p.plot(kind, samples=SAMPLES)  # type: ignore[arg-type]
            assert isinstance(fig, Figure) and fig.axes
        fig.savefig(tmp_path / "x.png")
        assert (tmp_path / "x.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"pip install 'carboncalc\[plot\]'"):
        p.plot("emissions")
    with pytest.raises(ValueError, match="kind="):
        p.plot("pie")  # type: ignore[arg-type]


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_report_writes_and_never_overwrites_without_force(tmp_path: Path) -> None:
    p = carboncalc.load("alto-mayo").with_values({"credits.buffer": 25})
    out = tmp_path / "alto-mayo.md"
    assert p.report(out, samples=SAMPLES) == out
    text = out.read_text(encoding="utf-8")
    assert "Alto Mayo" in text and "--set credits.buffer=25" in text
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(CarboncalcError, match="force=True"):
        p.report(out, samples=SAMPLES)
    assert out.read_text(encoding="utf-8") == "mine"
    p.report(out, samples=SAMPLES, force=True)
    assert out.read_text(encoding="utf-8") == text
    with pytest.raises(CarboncalcError, match=r"\.md or \.html"):
        p.report(tmp_path / "x.pdf")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(buffer=st.just(0.0) | st.floats(min_value=1e-9, max_value=100, exclude_max=True))
def test_no_buffer_gives_more_credits_than_avoided_tonnes(buffer: float) -> None:
    """Whatever the buffer, 0 to 100 % (a percentage from 1e-9, as the file side accepts
    numbers): credits are at most the tonnes avoided."""
    p = BASE.with_values({"credits.buffer": f"{buffer!r}%"})
    credits = p.credits(samples=100).to_dict()
    avoided = p.emissions().to_dict()["totals"]["avoided_emissions_tco2e"]
    assert 0 <= credits["totals"]["credits"] <= avoided


BASE = carboncalc.load(ROOT / "projects" / "alto-mayo.yaml")
