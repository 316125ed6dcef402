"""The bundled evidence set (Guizar-Coutino et al. 2022) against the published figures, and
`carboncalc evidence` recomputed by hand.

The published figures are those of the authors' repository guizar/redd-sens (commit e49563d):
data/vcs-info.csv for areas, data/guizar_2022.csv for rates as fractions per year.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.core.evidence import Density, avoided_ha_per_yr, evidence_row, ranked
from carboncalc.core.evidence_inputs import Evaluation, EvidenceProject, Rates
from carboncalc.files.factors import load_evidence
from carboncalc.reports.evidence import evidence_report

# id: (area_ha, control, intervention) as the files write them
PUBLISHED = {
    "944": ("178703.95462500802", "8.43684087180689e-4", "8.893086215716365e-4"),
    "1067": ("565849.015897625", "0.00134573036457059", "2.4188098032938495e-4"),
    "985": ("1362722.5390197001", "2.496388099894837e-4", "6.0604051949035776e-5"),
    "PL1748": ("500451.929456926", "0.00955507130444376", "0.0020427029283712"),
}
NO_BETTER = {"1052", "1118", "1360", "1390", "1566", "944", "958"}  # rate_diff <= 0 in the file


@pytest.fixture(scope="module")
def evidence():  # type: ignore[no-untyped-def]
    return load_evidence()


def test_forty_projects_and_seven_no_better_than_their_controls(evidence) -> None:  # type: ignore[no-untyped-def]
    """The paper: 40 projects; seven show controls losing forest no faster than the project."""
    report = evidence_report(evidence)
    assert len(report.rows) == 40
    assert {r.project.id for r in report.no_better} == NO_BETTER
    assert all(r.avoided_tco2e_per_yr == 0 for r in report.no_better)


def test_alto_mayo_as_published(evidence) -> None:  # type: ignore[no-untyped-def]
    """944: 178,703.95 ha; 0.0844 %/yr in the controls, 0.0889 %/yr in the project."""
    (row,) = evidence_report(evidence, ["944"]).rows
    assert round(row.project.area_ha, 2) == 178_703.95
    assert round(row.control_pct_per_yr, 4) == 0.0844
    assert round(row.project_pct_per_yr, 4) == 0.0889
    assert row.verdict == "worse than controls"
    assert row.avoided_tco2e_per_yr == 0
    assert row.project.name == "Alto Mayo Conservation Initiative"
    assert row.project.start_year == 2007  # the file's; the project's own reports say 2008


@pytest.mark.parametrize(("pid", "area", "control", "project"), [
    ("1067", 565_849.02, 0.1346, 0.0242),
    ("985", 1_362_722.54, 0.0250, 0.0061),
])  # fmt: skip
def test_rows_as_published(evidence, pid: str, area: float, control: float, project: float) -> None:  # type: ignore[no-untyped-def]
    (row,) = evidence_report(evidence, [pid]).rows
    assert round(row.project.area_ha, 2) == area
    assert round(row.control_pct_per_yr, 4) == control
    assert round(row.project_pct_per_yr, 4) == project


@pytest.mark.parametrize("pid", sorted(PUBLISHED))
def test_avoided_hectares_recomputed_in_decimals(evidence, pid: str) -> None:  # type: ignore[no-untyped-def]
    """area x (control - intervention), in exact decimals from the files' own digits."""
    area, control, intervention = (Decimal(x) for x in PUBLISHED[pid])
    (row,) = evidence_report(evidence, [pid]).rows
    assert row.avoided_ha_per_yr == pytest.approx(float(area * (control - intervention)),
                                                  rel=1e-12)  # fmt: skip


def test_tier1_density_by_hand(evidence) -> None:  # type: ignore[no-untyped-def]
    """Americas, tropical rain forest: 300 t dm/ha x 1.37 x 0.47 x 44/12 = 708.29 t CO2/ha."""
    assert evidence.densities["americas"].tco2_per_ha == pytest.approx(708.29, abs=1e-9)
    (row,) = evidence_report(evidence, ["1067"]).rows
    assert row.density.assumed
    assert row.avoided_tco2e_per_yr == pytest.approx(row.avoided_ha_per_yr * 708.29, rel=1e-12)


def test_a_project_file_density_overrides_the_default(evidence) -> None:  # type: ignore[no-untyped-def]
    own = {"1067": Density(500.0, "its own stock", assumed=False)}
    (row,) = evidence_report(evidence, ["1067"], own_densities=own).rows
    assert not row.density.assumed
    assert row.avoided_tco2e_per_yr == pytest.approx(row.avoided_ha_per_yr * 500.0, rel=1e-12)


fraction = st.floats(min_value=0, max_value=0.2, allow_nan=False)


def project(area_ha: float) -> EvidenceProject:
    return EvidenceProject("1", "P", "Peru", "PER", "PE", "Americas", 2010, area_ha,
                           "americas", "test")  # fmt: skip


@given(area=st.floats(min_value=1, max_value=1e7), rate=fraction,
       density=st.floats(min_value=1, max_value=2000))  # fmt: skip
def test_equal_rates_avoid_nothing(area: float, rate: float, density: float) -> None:
    rates = Rates(rate, rate)
    assert avoided_ha_per_yr(area, rates) == 0
    evaluation = Evaluation("e", "E", "what", "src", {"1": rates})
    row = evidence_row(project(area), evaluation, Density(density, "d", assumed=True))
    assert row.avoided_tco2e_per_yr == 0
    assert row.verdict == "no different from controls"


@given(area=st.floats(min_value=1, max_value=1e7), control=fraction, proj=fraction)
def test_never_negative_emissions_and_ranked(area: float, control: float, proj: float) -> None:
    evaluation = Evaluation("e", "E", "what", "src", {"1": Rates(control, proj)})
    row = evidence_row(project(area), evaluation, Density(700.0, "d", assumed=True))
    assert row.avoided_tco2e_per_yr >= 0
    assert (row.avoided_tco2e_per_yr > 0) == (control > proj and row.avoided_ha_per_yr > 0)
    assert ranked([row]) == [row]


def test_ranked_most_avoided_first(evidence) -> None:  # type: ignore[no-untyped-def]
    rows = evidence_report(evidence).rows
    avoided = [r.avoided_tco2e_per_yr for r in rows]
    assert avoided == sorted(avoided, reverse=True)


def test_json_and_country_filter() -> None:
    result = CliRunner().invoke(app, ["evidence", "--country", "PE", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert {r["iso3"] for r in document["rows"]} == {"PER"}
    assert len(document["rows"]) == 7
    assert set(document["no_better_than_controls"]) == {"944", "958", "1360"}


@pytest.mark.parametrize("ids", [["944", "1067", "1067"], ["944", "1067", "944", "1067"]])
def test_an_id_given_twice_is_counted_once(ids: list[str]) -> None:
    def document(args: list[str]) -> dict:  # type: ignore[type-arg]
        result = CliRunner().invoke(app, ["evidence", *args, "-f", "json"])
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    once, repeated = document(["944", "1067"]), document(ids)
    assert repeated["total_avoided_tco2e_per_yr"] == once["total_avoided_tco2e_per_yr"]
    assert [r["id"] for r in repeated["rows"]] == [r["id"] for r in once["rows"]]
    assert list(evidence_report(load_evidence(), ["1067", "944", "1067"]).rows) == list(
        evidence_report(load_evidence(), ["1067", "944"]).rows
    )


@pytest.mark.parametrize(("args", "message"), [
    (["evidence", "9999"], "no project 9999 in the evidence set"),
    (["evidence", "--country", "XX"], "--country XX: no project of the evidence set there"),
    (["evidence", "--evaluation", "west-2023"], "no evaluation 'west-2023'"),
])  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def _ids() -> list[str]:
    return sorted(load_evidence().projects)


@pytest.mark.parametrize("pid", _ids())
def test_new_from_evidence_writes_a_valid_cited_file(pid: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every project of the set gives a file that loads, cites the evaluation for its area and
    rates, and whose rates are the evaluation's (%/yr = fraction x 100)."""
    from carboncalc.files.loading import load_project

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["new", "--from-evidence", pid, "-q"])
    assert result.exit_code == 0, result.stderr
    (path,) = tmp_path.glob("*.yaml")
    loaded = load_project(str(path))
    evidence = load_evidence()
    rates = evidence.evaluations[0].rates[pid]
    project = evidence.projects[pid]
    assert loaded.registry_id == pid
    assert loaded.inputs.area.central == project.area_ha
    d = loaded.inputs.deforestation
    assert d is not None and d.project_rate is not None and d.counterfactual is not None
    assert d.baseline.rates[0].rate.central == rates.control_fraction_per_yr * 100
    assert d.project_rate.rates[0].rate.central == rates.project_fraction_per_yr * 100
    assert d.counterfactual.rates[0].rate.central == rates.control_fraction_per_yr * 100
    # both the baseline and the counterfactual drawn from the specifications' range
    spread = evidence.evaluations[1].rates[pid].control_over_specifications
    low, high = spread.drawn_between(rates.control_fraction_per_yr)
    for r in (d.baseline.rates[0].rate, d.counterfactual.rates[0].rate):
        assert (r.low, r.high) == (low * 100, high * 100)
    assert loaded.project.area.source == "guizar-2022"
    assert loaded.project.carbon.pools["above_ground"].assumption  # the Tier 1 default


def test_new_from_evidence_then_credits_and_check(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """1067 projects 5 years of avoided emissions near the evidence's first-order figure
    (compound clearing of the remaining forest against area x rate), and gets credits; 944,
    worse than its controls, gets none."""
    monkeypatch.chdir(tmp_path)
    for pid in ("1067", "944"):
        assert CliRunner().invoke(app, ["new", "--from-evidence", pid, "-q"]).exit_code == 0
    per_yr = evidence_report(load_evidence(), ["1067"]).rows[0].avoided_tco2e_per_yr
    run = CliRunner().invoke(app, ["emissions", "vcs-1067", "-f", "json"])
    avoided = json.loads(run.stdout)["totals"]["avoided_emissions_tco2e"]
    assert avoided / 5 == pytest.approx(per_yr, rel=0.01)
    credits = CliRunner().invoke(app, ["credits", "vcs-1067", "--samples", "100", "-f", "json"])
    assert json.loads(credits.stdout)["totals"]["issued"] > 0
    none = CliRunner().invoke(app, ["credits", "vcs-944", "--samples", "100", "-f", "json"])
    assert none.exit_code == 0, none.stderr
    assert json.loads(none.stdout)["totals"]["issued"] == 0
    # valid, and nothing fails but the buffer of each, a placeholder: drafts, exit 1
    checked = CliRunner().invoke(app, ["check", "vcs-1067", "vcs-944", "-f", "json"])
    assert checked.exit_code == 1, checked.stderr
    document = json.loads(checked.stdout)
    assert document["summary"] == {"holds": 0, "fails": 0, "unchecked": 0, "expected_fails": 0,
                                   "unexpected_holds": 0, "invalid_files": 0,
                                   "placeholders": 2, "draft_files": 2}  # fmt: skip
    assert [[p["field"] for p in r["placeholders"]] for r in document["projects"]] == [
        ["credits.buffer"], ["credits.buffer"]]  # fmt: skip


def test_new_from_evidence_bad_input(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    unknown = CliRunner().invoke(app, ["new", "--from-evidence", "77777"])
    assert unknown.exit_code == 2
    assert "no project '77777' in the evidence set" in unknown.stderr
    assert not list(tmp_path.iterdir())  # nothing written
    nothing = CliRunner().invoke(app, ["new"])
    assert nothing.exit_code == 2
    assert "give a NAME" in nothing.stderr
    assert CliRunner().invoke(app, ["new", "--from-evidence", "985", "-q"]).exit_code == 0
    before = (tmp_path / "vcs-985.yaml").read_bytes()
    again = CliRunner().invoke(app, ["new", "--from-evidence", "985"])
    assert again.exit_code == 2
    assert (tmp_path / "vcs-985.yaml").read_bytes() == before


def test_alto_mayo_counterfactual_comes_from_the_evidence_set() -> None:
    """The seed file names registry id 944 and gives no counterfactual: the matched controls'
    rate comes from the evidence set (the file's value, to every digit the source gives)."""
    from carboncalc.files.loading import load_project

    d = load_project("alto-mayo").inputs.deforestation
    assert d is not None and d.counterfactual is not None
    (rate,) = d.counterfactual.rates
    assert rate.rate.central == float(Decimal("8.43684087180689e-4") * 100)
    assert (rate.unit, rate.basis) == ("%/yr", "remaining")
    assert d.counterfactual_source is not None and "registry id 944" in d.counterfactual_source
    run = CliRunner().invoke(app, ["credits", "alto-mayo", "--baseline", "counterfactual",
                                   "--samples", "100", "-f", "json"])  # fmt: skip
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["counterfactual"]["supported_credits"] == 0  # worse than its controls
    assert "registry id 944" in document["counterfactual"]["source"]
    check = json.loads(CliRunner().invoke(app, ["check", "alto-mayo", "-f", "json"]).stdout)
    beside = check["projects"][0]["counterfactual"]
    assert beside["counterfactual_avoided_tco2e"] < 0 < beside["baseline_avoided_tco2e"]
    assert beside["ratio"] is None


@pytest.mark.parametrize(("registry", "own", "expected"), [
    ('{name: VCS, project_id: "944"}', True, None),  # the file's own counterfactual wins
    ('{name: VCS, project_id: "99999"}', False, None),  # not in the set: none
    ('{name: VCS, project_id: "1067"}', False, "registry id 1067"),
])  # fmt: skip
def test_the_file_wins_and_unknown_ids_add_nothing(
    registry: str, own: bool, expected: str | None, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from carboncalc.files.loading import load_project

    base = (Path(__file__).parents[1] / "data" / "valid" / "base.yaml").read_text("utf-8")
    text = base + f"registry: {registry}\n"
    if own:
        text = text.replace("  project:\n", "  counterfactual:\n    rate: {value: 0.3, unit: "
                            '"%/yr", basis: remaining, source: src}\n  project:\n', 1)  # fmt: skip
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    d = load_project(str(path)).inputs.deforestation
    assert d is not None
    if expected is None:
        assert d.counterfactual_source is None
    else:
        assert expected in (d.counterfactual_source or "")
    if own:
        assert d.counterfactual is not None and d.counterfactual.rates[0].rate.central == 0.3
    elif expected is None:
        assert d.counterfactual is None


def test_claims_against_evidence(evidence) -> None:  # type: ignore[no-untyped-def]
    """The one claim in the data: Alto Mayo's 6.2 Mt CO2e over 2008-2016 (9 years), which
    the evidence (a project no better than its controls) does not support at all. A claim
    against a project the evidence credits gives the ratio claimed / supported."""
    import dataclasses

    from carboncalc.core.evidence_inputs import Claim

    (row,) = evidence_report(evidence, ["944"]).rows
    assert row.claimed_tco2e_per_yr == pytest.approx(6.2e6 / 9, rel=1e-15)
    assert row.claimed_over_evidence is None  # the evidence supports none: no multiple
    (supported,) = evidence_report(evidence, ["1067"]).rows
    ten_times = Claim("1067", supported.avoided_tco2e_per_yr * 10 * 5, 2010, 2014, "t", "t")
    with_claim = dataclasses.replace(evidence, claims=(ten_times,))
    (row,) = evidence_report(with_claim, ["1067"]).rows
    assert row.claimed_over_evidence == pytest.approx(10, rel=1e-12)
    document = json.loads(CliRunner().invoke(app, ["evidence", "944", "-f", "json"]).stdout)
    assert "6.2 million tons" in document["rows"][0]["claim"]["as_stated"]
    assert document["rows"][0]["claimed_over_evidence"] is None


@pytest.mark.parametrize(("registry", "joined"), [
    ('{name: "Verified Carbon Standard (Verra)", project_id: "1067"}', True),
    ('{name: VCS, project_id: "1067"}', True),
    ('{name: Gold Standard, project_id: "1067"}', False),  # another registry's 1067
    ('{name: Plan Vivo, project_id: PL1218}', True),
    ('{name: VCS, project_id: PL1218}', False),
])  # fmt: skip
def test_only_the_evidence_sets_registries_join(registry: str, joined: bool, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from carboncalc.files.loading import load_project

    base = (Path(__file__).parents[1] / "data" / "valid" / "base.yaml").read_text("utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(base + f"registry: {registry}\n", encoding="utf-8")
    loaded = load_project(str(path))
    d = loaded.inputs.deforestation
    assert d is not None
    assert (d.counterfactual is not None) == joined
    assert (loaded.registry_id is not None) == joined
