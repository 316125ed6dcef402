"""The ledger check under a pooled buffer, and `carboncalc ledger` reading a registry's export
(issue 24: pooled buffers, registry data reconciled). Figures by hand in each docstring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.render.contracts import output_schema, problems

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
VALID = Path(__file__).parents[1] / "data" / "valid"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_pooled_ledger_states_excess_against_the_pool_and_by_beneficiary() -> None:
    """tests/data/valid/ledger-pooled.yaml (vcs; figures by hand in the file): 5,668 beyond,
    0.2834 % of a 2,000,000-credit pool; 1,066.8 of 2012's credits retired by Acme Corp and
    266.7 by Beta Ltd beyond what is supported; the route is compensation."""
    code, out, err = run("credits", str(VALID / "ledger-pooled.yaml"), "--ledger", "-f", "json")
    assert code == 1 and err == ""
    found = json.loads(out)["ledger"]
    assert (found["excess"], found["buffer_account"]) == (5_668, "pooled")
    assert found["pool_share_needed"] == pytest.approx(5_668 / 2_000_000)
    assert found["pool"] == {"credits": 2_000_000, "as_of": "2023-10-01", "source": "pool"}
    assert found["excess_route"]["rule"] == "compensation"
    by = {
        (v["vintage"], b["beneficiary"]): b["credits"]
        for v in found["vintages"]
        for b in v["beyond_by"]
    }
    assert by == {
        (2011, "Acme Corp"): pytest.approx(334.0),
        (2012, "Acme Corp"): pytest.approx(1_066.8),
        (2012, "Beta Ltd"): pytest.approx(266.7),
    }
    code, out, _ = run("credits", str(VALID / "ledger-pooled.yaml"), "--ledger")
    text = " ".join(out.split())
    assert code == 1
    assert (
        "1,067 credits of vintage 2012, retired by Acme Corp, are beyond what carboncalc "
        "computes from the file's baseline." in text
    )
    assert "the evidence" not in text
    # one sentence: the route first, then, for scale only, the pool's share (not the project's
    # own deposits as well)
    route = text.index("The standard's route for excess issuance is compensation by the project")
    scale = text.index("For scale only (the pool is not the route): they would take 0.283 % of "
                       "the pooled buffer, 2,000,000 credits on 2023-10-01 [pool].")  # fmt: skip
    assert route < scale and "51.5 %" not in text


def test_the_projects_own_buffer_gets_no_pool_statement() -> None:
    """tests/data/valid/ledger.yaml (fcpf): the excess against the project's buffer (51.5 %),
    no pool share, the route the rule set names (the uncertainty buffer)."""
    code, out, _ = run("credits", str(VALID / "ledger.yaml"), "--ledger", "-f", "json")
    found = json.loads(out)["ledger"]
    assert code == 1 and found["pool_share_needed"] is None and found["pool"] is None
    assert found["buffer_account"] == "project"
    assert found["excess_route"]["rule"] == "uncertainty_buffer"


VERRA_HEADER = (
    "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,Name,"
    "Country/Area,Project Type,Methodology,Total Vintage Quantity,Quantity Issued,"
    "Serial Number,Additional Certifications,Retirement/Cancellation Date,"
    "Retirement Beneficiary,Retirement Reason,Retirement Details"
)


def block(start: str, end: str, quantity: str, left: str = "", who: str = "") -> str:
    return (
        f'2013-05-01,,{start},{end},VCS944,Ledger forest,Peru,AFOLU,VM0015,"60,000",'
        f'"{quantity}",1-2-3,,{left},"{who}",Environmental Benefit,'
    )


# The vintages of tests/data/valid/ledger.yaml as Verra blocks: 2010 whole (14,000: 4,000
# active, 10,000 retired for Acme Corp); 1 July 2011 - 30 June 2012 (184 + 182 = 366 days, the
# 2012 part in a leap year): 12,200 active, 3,660 retired for Beta Ltd; 2012 whole: 4,000
# retired for Acme Corp.
EXPORT = (
    "\n".join(
        [
            VERRA_HEADER,
            block("2010-01-01", "2010-12-31", "4,000"),
            block("2010-01-01", "2010-12-31", "10,000", "2014-02-01", "Acme Corp"),
            block("2011-07-01", "2012-06-30", "12,200"),
            block("2011-07-01", "2012-06-30", "3,660", "2015-02-01", "Beta Ltd"),
            block("2012-01-01", "2012-12-31", "4,000", "2016-02-01", "Acme Corp"),
        ]
    )
    + "\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """ledger.yaml without its ledger, with its registry id, in a folder of its own."""
    text = (VALID / "ledger.yaml").read_text(encoding="utf-8")
    text = text[: text.index("  ledger:")]
    text = text.replace(
        "countries: [PE]\n",
        "countries: [PE]\nregistry: {name: Verified Carbon Standard (Verra), project_id: '944'}\n",
    )
    path = tmp_path / "forest" / "forest.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    (tmp_path / "forest" / "export.csv").write_text(EXPORT, encoding="utf-8")
    return path


def test_an_export_becomes_the_ledger_and_the_check_names_beneficiaries(project: Path) -> None:
    """By hand (split by days): the 2011-12 blocks, 12,200 x 184 / 366 = 6,133.33 -> 6,133 and
    x 182 / 366 = 6,066.67 -> 6,067 (the credit left goes to the larger remainder); 3,660 x
    184 / 366 = 1,840 and x 182 / 366 = 1,820 exactly. Issued: 2010 14,000; 2011 6,133 +
    1,840 = 7,973; 2012 6,067 + 1,820 + 4,000 = 11,887. Retired: 2010 10,000 (Acme); 2011
    1,840 (Beta); 2012 5,820 (Acme 4,000, Beta 1,820).
    Against 14,666 computed a vintage only nothing is beyond; with 2012 issued at 20,000 in a
    second block of 8,113 active credits: 20,000 - 14,666 = 5,334 beyond, Acme's 4,000 retired
    of them 4,000 x 5,334 / 20,000 = 1,066.8, Beta's 1,820 x 5,334 / 20,000 = 485.39."""
    export = project.parent / "export.csv"
    code, out, err = run("ledger", str(project), str(export), "-f", "json")
    assert code == 0, err
    assert problems(json.loads(out), output_schema("ledger")) == []  # its output contract
    found = {v["vintage"]: v for v in json.loads(out)["vintages"]}
    assert [(y, v["issued"], v["retired"], v["cancelled"]) for y, v in found.items()] == [
        (2010, 14_000, 10_000, 0),
        (2011, 7_973, 1_840, 0),
        (2012, 11_887, 5_820, 0),
    ]
    assert found[2012]["retired_by"] == [
        {"beneficiary": "Acme Corp", "retired": 4_000},
        {"beneficiary": "Beta Ltd", "retired": 1_820},
    ]
    export.write_text(EXPORT + block("2012-01-01", "2012-12-31", "8,113") + "\n")
    code, yaml_text, err = run("ledger", str(project), str(export))
    assert code == 0 and "counted as retired" in yaml_text, err
    with project.open("a", encoding="utf-8") as f:
        f.write(yaml_text)
    code, out, err = run("credits", str(project), "--ledger")
    text = " ".join(out.split())
    assert code == 1, err
    assert "The ledger FAILS: 5,334 of the 41,973 credits issued" in text
    assert (
        "1,067 credits of vintage 2012, retired by Acme Corp, are beyond what carboncalc "
        "computes from the file's baseline."
    ) in text
    assert "485 credits of vintage 2012, retired by Beta Ltd, are beyond" in text
    # what the verdict rests on, and how a buyer's part is found, said with it: 1,067 is
    # 4,000 retired x 5,334 excess / 20,000 issued in 2012 (1,066.8)
    assert ("a computation from the project file's own figures (its baseline as the file "
            "states it), not independent evidence") in text  # fmt: skip
    assert "the credits they retired x the excess / the credits issued" in text


def test_write_never_overwrites_without_force_and_folders_leave_ledgers_out(
    project: Path, tmp_path: Path
) -> None:
    export = str(project.parent / "export.csv")
    target = project.parent / "vcs-944.ledger.yaml"
    code, out, err = run("ledger", str(project), export, "--write", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    written = target.read_text(encoding="utf-8")
    assert "      - vintage: 2011\n        issued: 7973\n" in written
    code, _, err = run("ledger", str(project), export, "--write", str(target))
    assert code == 2 and "the file exists; --force replaces it" in err
    assert target.read_text(encoding="utf-8") == written
    target.write_text(written.replace("issued: 7973", "issued: 1"), encoding="utf-8")
    assert run("ledger", str(project), export, "--write", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8") == written
    # a ledger file is not a project: `check` of the folder reads the project only
    code, out, err = run("check", str(project.parent), "-f", "json")
    assert code == 0, err
    assert [p["project"] for p in json.loads(out)["projects"]] == [project.stem]
    # anywhere the user names, as another folder of theirs: not a file the project cites
    elsewhere = tmp_path / "elsewhere" / "vcs-944.ledger.yaml"
    elsewhere.parent.mkdir()
    assert run("ledger", str(project), export, "--write", str(elsewhere))[0] == 0
    assert elsewhere.read_text(encoding="utf-8") == written


def test_write_never_goes_into_the_projects_shipped_with_carboncalc(project: Path) -> None:
    """The seed projects' folder is the installed package's: never written in."""
    from carboncalc.files.projects import package_projects_dir

    target = package_projects_dir() / "vcs-944.ledger.yaml"
    code, out, err = run("ledger", str(project), str(project.parent / "export.csv"),
                         "--write", str(target))  # fmt: skip
    assert (code, out) == (2, "") and not target.exists()
    assert "in the folder of the projects shipped with carboncalc" in err


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("forest.yaml", "is the project file"),
        ("export.csv", "is the export being read"),
        ("notes.txt", "expected a file name ending .ledger.yaml"),
        ("mine.yaml", "expected a file name ending .ledger.yaml"),
        ("mine.ledger.yaml", "not a ledger carboncalc wrote"),
    ],
)
def test_write_never_replaces_the_project_the_export_or_a_file_carboncalc_did_not_write(
    project: Path, target: str, expected: str
) -> None:
    """--write --force replaces only a ledger file carboncalc wrote (its first line is the
    `# carboncalc ledger:` header): never the project file, the export or a file of the user's;
    one message, exit 2, every file as it was."""
    export = project.parent / "export.csv"
    (project.parent / "notes.txt").write_text("mine\n", encoding="utf-8")
    (project.parent / "mine.yaml").write_text("mine: 1\n", encoding="utf-8")
    (project.parent / "mine.ledger.yaml").write_text("mine: 1\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in project.parent.iterdir()}
    path = project.parent / target
    code, out, err = run("ledger", str(project), str(export), "--write", str(path), "--force")
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1, err
    assert lines[0].startswith(f"{path}:") and expected in lines[0], lines[0]
    assert {p: p.read_bytes() for p in project.parent.iterdir()} == before


def test_force_without_write_is_an_error(project: Path) -> None:
    code, out, err = run("ledger", str(project), str(project.parent / "export.csv"), "--force")
    assert code == 2 and out == "" and "carboncalc: --force: needs --write" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (VERRA_HEADER.replace(",Quantity Issued", "") + "\n", "1: Quantity Issued: no column"),
        (
            VERRA_HEADER + "\n" + block("2010-01-01", "2010-12-31", "1,0000") + "\n",
            "2:11: Quantity Issued: '1,0000': expected a whole number of credits",
        ),
        (
            VERRA_HEADER
            + "\n"
            + block("2010-01-01", "2010-12-31", "5").replace("VCS944", "VCS1340")
            + "\n",
            "2:5: ID: project 'VCS1340', not this project's 944",
        ),
        ("", "1:1: the file is empty"),
        (b"PK\x03\x04\x00\x00binary", "bad.csv:1: not a CSV file: it holds NUL bytes"),
    ],
)
def test_bad_exports_are_one_message_each_exit_2_and_nothing_written(
    project: Path, content: str | bytes, expected: str
) -> None:
    export = project.parent / "bad.csv"
    if isinstance(content, bytes):
        export.write_bytes(content)
    else:
        export.write_text(content, encoding="utf-8")
    target = project.parent / "out.ledger.yaml"
    code, out, err = run("ledger", str(project), str(export), "--write", str(target))
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1, err
    assert lines[0].startswith(f"{export}:") and expected in lines[0], lines[0]
    assert "Traceback" not in err and not target.exists()


def test_a_project_without_a_registry_id_is_told_so() -> None:
    code, _, err = run("ledger", str(VALID / "ledger.yaml"), str(VALID / "ledger.yaml"))
    assert code == 2 and "registry.project_id" in err


def test_the_verdict_names_ten_beneficiaries_and_counts_the_rest(project: Path) -> None:
    """2012 issued 20,000 (5,334 beyond the 14,666 computed), 12,000 retired, 1,000 each by
    B01-B12: each 1,000 x 5,334 / 20,000 = 266.7 beyond. The table names B01-B10 and says 2
    more; JSON lists all 12."""
    entries = "".join(
        f"          - {{beneficiary: B{i:02d}, retired: 1000}}\n" for i in range(1, 13)
    )
    with project.open("a", encoding="utf-8") as f:
        f.write(
            "  ledger:\n    entries:\n      - vintage: 2012\n        issued: 20000\n"
            "        retired: 12000\n        retired_by:\n" + entries
        )
    code, out, _ = run("credits", str(project), "--ledger")
    text = " ".join(out.split())
    assert code == 1 and "267 credits of vintage 2012, retired by B10, are beyond" in text
    assert "B11" not in text and "And 2 more retirements by beneficiary" in text
    code, out, _ = run("credits", str(project), "--ledger", "-f", "json")
    (row,) = json.loads(out)["ledger"]["vintages"]
    assert [b["beneficiary"] for b in row["beyond_by"]] == [f"B{i:02d}" for i in range(1, 13)]
    assert row["beyond_by"][11]["credits"] == pytest.approx(266.7)


def test_small_blocks_give_a_ledger_that_check_accepts(project: Path) -> None:
    """Four blocks of 1 credit issued over 1 July 2011 - 30 June 2012 (184 days in 2011, 182 in
    2012: 366) and retired for A, B, C and D: summed, 4 x 184 / 366 = 2.01 -> 2 and 4 x 182 /
    366 = 1.99 -> 2, so 2011 and 2012 each retire 2, one credit each for two beneficiaries,
    never a `retired: 0` entry; pasted into the project, `check` accepts it (exit 0)."""
    export = project.parent / "export.csv"
    blocks = [block("2011-07-01", "2012-06-30", "1", "2015-02-01", who) for who in "ABCD"]
    export.write_text("\n".join([VERRA_HEADER, *blocks]) + "\n", encoding="utf-8")
    code, yaml_text, err = run("ledger", str(project), str(export))
    assert code == 0, err
    assert "retired: 0" not in yaml_text and yaml_text.count("retired: 1}") == 4
    assert "        issued: 2\n        retired: 2\n" in yaml_text
    with project.open("a", encoding="utf-8") as f:
        f.write(yaml_text)
    code, _, err = run("check", str(project))
    assert code == 0, err


@pytest.mark.parametrize("source", ["Bad Id", "a: b", "x\n    entries: []\n#", "", "-x"])
def test_a_source_that_is_no_source_id_is_refused(project: Path, source: str) -> None:
    """--source must be a source id as the schema's `sources` keys are (^[a-z0-9][a-z0-9_.-]*$,
    at most 80 characters): anything else is one message, exit 2, nothing printed."""
    code, out, err = run("ledger", str(project), str(project.parent / "export.csv"),
                         "--source", source)  # fmt: skip
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert "--source" in err and "expected a source id" in err


def test_a_hostile_export_name_injects_no_line(project: Path) -> None:
    """An export named with a line break and YAML in it: the name stays one quoted text in the
    header comment and the note, and the ledger pasted into the project still passes `check`."""
    hostile = project.parent / "x\n  ledger: {}\n#\u2028: y.csv"
    hostile.write_text(EXPORT, encoding="utf-8")
    code, yaml_text, err = run("ledger", str(project), str(hostile))
    assert code == 0, err
    assert "\n  ledger: {}" not in yaml_text.replace("  ledger:\n", "")
    assert "\u2028" not in yaml_text
    with project.open("a", encoding="utf-8") as f:
        f.write(yaml_text)
    assert run("check", str(project))[0] == 0


def test_by_pool_and_unbacked_are_both_to_date() -> None:
    """compound-30yr.yaml with a 2 % buffer: the losses beyond the buffer balance are 20,888 t
    in 2027, 108,367 t in 2028 and 120,145 t in 2029, so to date 20,888, 129,255 and 249,400 t:
    unbacked under fcpf (the project's account), covered by the pool under vcs, one figure."""
    figures = {}
    for rules, field in (("fcpf", "unbacked_tco2e"), ("vcs", "pool_covered_tco2e")):
        code, out, err = run("credits", str(VALID / "compound-30yr.yaml"), "--rules", rules,
                             "--set", "credits.buffer=2%", "-f", "json")  # fmt: skip
        assert code == 0, err
        figures[rules] = [round(v[field]) for v in json.loads(out)["vintages"] if v[field]]
    assert figures["fcpf"] == figures["vcs"] == [20_888, 129_255, 249_400]
    code, out, _ = run("credits", str(VALID / "compound-30yr.yaml"), "--rules", "vcs",
                       "--set", "credits.buffer=2%")  # fmt: skip
    assert "by pool to date" in out


def test_credits_resting_on_the_pool_are_said_plainly() -> None:
    """compound-30yr.yaml, vcs, 2 % buffer: 14,154,933 credits issued against a whole gross of
    13,905,543 t; the 249,400 t beyond the project's buffer balance (covered by the pool) are
    not made good by the end, so 249,400 credits rest on the pooled buffer and the project's
    own tonnes back 14,154,933 - 249,400 = 13,905,533 (the gross, less rounding). The totals
    show eligible 14,443,820 t beside gross, and a note says why eligible is above gross: the
    negative vintages, -538,276 t in all, have no eligible reductions."""
    code, out, _ = run("credits", str(VALID / "compound-30yr.yaml"), "--rules", "vcs",
                       "--set", "credits.buffer=2%")  # fmt: skip
    text = " ".join(out.split())
    assert code == 0 and "stay backed" not in text
    assert (
        "249,400 credits rest on the pooled buffer (other projects' deposits): the "
        "project's own tonnes back 13,905,533 of the 14,154,933 credits issued."
    ) in text
    (header,) = [line for line in out.splitlines() if "-leakage" in line]
    assert header.split() == ["vintage", "gross", "eligible", "-leakage", "-uncert.", "net",
                              "-buffer", "credits"]  # fmt: skip
    assert (
        "Total eligible, 14,443,820 t, is above total gross, 13,905,543 t: the negative "
        "vintages (-538,276 t in all) have no eligible reductions"
    ) in text


def test_a_pooled_ledger_against_the_counterfactual_says_so() -> None:
    """With a counterfactual of 0.1 %/yr (below the project's 0.5 %/yr), no credit is
    supported: Acme Corp's 15,000 retired of 2011 are all beyond, from the counterfactual."""
    code, out, _ = run("credits", str(VALID / "ledger-pooled.yaml"), "--ledger", "--baseline",
                       "counterfactual", "--set",
                       "deforestation.counterfactual.rate=0.1%/yr")  # fmt: skip
    text = " ".join(out.split())
    assert code == 1 and "the evidence" not in text
    assert (
        "15,000 credits of vintage 2011, retired by Acme Corp, are beyond what carboncalc "
        "computes from the counterfactual."
    ) in text


@pytest.mark.parametrize("rules", ["fcpf", "vcs", "art-trees"])
def test_rule_sources_cite_publications_not_files(rules: str) -> None:
    """A user has no credits.py nor factors/leakage.yaml: the rounding rule is carboncalc's
    own, and the leakage default cites Haya et al. (2023), Table 3.4, without a file name."""
    code, out, _ = run("credits", str(VALID / "ledger.yaml"), "--rules", rules, "-f", "json")
    assert code == 0
    text = json.dumps(json.loads(out)["rule_set"])
    assert ".py" not in text and "factors/" not in text and ".yaml" not in text
    assert (
        "Haya et al. (2023), Quality Assessment of REDD+ Carbon Credit Projects, Table 3.4" in text
    )
    if rules != "vcs":
        assert "carboncalc's rule: whole credits by vintage, rounded down" in text


def test_ledger_help_names_the_columns_read_and_its_arguments() -> None:
    """The help lists each export's column headers that are read, and the export argument is
    FILE, as the other commands' metavars are, not the parameter's name."""
    code, out, _ = run("ledger", "--help")
    text = " ".join(out.split())
    usage = out.splitlines()[0]  # Typer writes PROJECT FILE or {PROJECT} {FILE} by release
    assert (
        code == 0
        and "{file}" not in out
        and usage.replace("{", "").replace("}", "").endswith("PROJECT FILE")
    )
    verra = ["ID", "Vintage Start", "Vintage End", "Quantity Issued",
             "Retirement/Cancellation Date", "Retirement Beneficiary"]  # fmt: skip
    offsetsdb = ["project_id", "quantity", "vintage", "transaction_type", "retirement_beneficiary"]
    for column in verra + offsetsdb:
        assert f"`{column}`" in text, column


@pytest.mark.parametrize("name", ["site.ledger", "site.ledger.yaml"])
def test_new_never_names_a_project_as_a_ledger_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders of projects leave *.ledger.yaml out, so `new` does not write a project there."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run("new", name)
    assert out == ""
    assert code == 2 and "is a registry ledger's" in err
    assert list(tmp_path.iterdir()) == []


def test_completion_offers_no_ledger_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from carboncalc.cli.completing import complete_project

    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.yaml").write_text("name: s\n", encoding="utf-8")
    (tmp_path / "vcs-944.ledger.yaml").write_text("# carboncalc ledger:\n", encoding="utf-8")
    offered = complete_project("")
    assert "site.yaml" in offered and "vcs-944.ledger.yaml" not in offered
