"""Reading a registry's export by its published column headers: the Verra Registry's VCU export
and CarbonPlan OffsetsDB's credits table (issue 24: registry data reconciled). The headers are
those of the public exports (Verra's as in offsets-db-data's sample, tests/data/verra/
transactions.csv; OffsetsDB's from its credit schema)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carboncalc.errors import ProjectFileError
from carboncalc.files.registry import read_registry_export, same_project

VERRA = (
    "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,Name,"
    "Country/Area,Project Type,Methodology,Total Vintage Quantity,Quantity Issued,"
    "Serial Number,Additional Certifications,Retirement/Cancellation Date,"
    "Retirement Beneficiary,Retirement Reason,Retirement Details"
)
OFFSETSDB = (
    "project_id,quantity,vintage,transaction_date,transaction_type,retirement_account,"
    "retirement_beneficiary,retirement_reason,retirement_note"
)


def verra_row(
    quantity: str,
    *,
    pid: str = "944",
    start: str = "2015-01-01",
    end: str = "2015-12-31",
    left: str = "",
    who: str = "",
) -> str:
    cells = [
        "2016-03-01",
        "",
        start,
        end,
        pid,
        "Alto Mayo",
        "Peru",
        "AFOLU",
        "VM0015",
        '"100,000"',
        quantity,
        "1-2-3",
        "",
        left,
        who,
        "",
        "",
    ]
    return ",".join(cells)


def read(text: str, pid: str = "944") -> list:  # type: ignore[type-arg]
    return list(read_registry_export(text.encode(), "export.csv", project_id=pid).rows)


def problems(data: bytes | str, pid: str = "944") -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(ProjectFileError) as caught:
        read_registry_export(raw, "export.csv", project_id=pid)
    return [str(p) for p in caught.value.problems]


def test_a_verra_export_with_separators_ids_and_day_first_dates() -> None:
    """Quantity "1,830" is 1,830; ID VCS944 is project 944; 01/07/2009 is 1 July 2009 (day
    first, as the registry's older exports write it); a block with a Retirement/Cancellation
    Date is a retirement, for its beneficiary; one without is an issued block still active."""
    text = "\n".join(
        [
            VERRA,
            verra_row('"3,660"', start="01/07/2009", end="30/06/2010"),
            verra_row('"1,830"', pid="VCS944", left="2015-05-01", who='"Acme, Inc."'),
        ]
    )
    active, retired = read(text)
    assert (active.kind, active.quantity, active.issued) == ("issuance", 3_660, True)
    assert (active.vintage_start, active.vintage_end) == (dt.date(2009, 7, 1), dt.date(2010, 6, 30))
    assert (retired.kind, retired.quantity, retired.beneficiary) == (
        "retirement",
        1_830,
        "Acme, Inc.",
    )
    assert retired.issued  # a Verra block was issued before it was retired


def test_an_offsetsdb_table_tells_retirements_from_cancellations() -> None:
    text = "\n".join(
        [
            OFFSETSDB,
            "VCS944,1000.0,2015,2016-01-01,issuance,,,,",
            "VCS944,200,2015,2017-01-01,retirement,acct,Beta Ltd,,",
            "VCS944,50,2015,2017-01-01,cancellation,,,,",
        ]
    )
    issued, retired, cancelled = read(text)
    assert [(r.kind, r.quantity, r.issued) for r in (issued, retired, cancelled)] == [
        ("issuance", 1_000, True),
        ("retirement", 200, False),
        ("cancellation", 50, False),
    ]
    assert retired.beneficiary == "Beta Ltd"
    assert issued.vintage_start == dt.date(2015, 1, 1) and issued.vintage_end == dt.date(
        2015, 12, 31
    )


@pytest.mark.parametrize(
    ("given", "ours", "same"),
    [
        ("944", "944", True),
        ("VCS944", "944", True),
        ("vcs-0944", "944", True),
        ("1340", "944", False),
        ("ART101", "ART101", True),
    ],
)
def test_project_ids(given: str, ours: str, same: bool) -> None:
    assert same_project(given, ours) is same


def test_a_missing_column_is_named() -> None:
    header = VERRA.replace(",Quantity Issued", "")
    assert problems(header + "\n") == [
        "export.csv:1: Quantity Issued: no column 'Quantity Issued': a Verra Registry VCU export "
        "has it"
    ]


def test_an_unparsable_number_at_its_line_and_column() -> None:
    """Quantity Issued is the 11th column; the bad row is on line 3."""
    text = "\n".join([VERRA, verra_row("10"), verra_row("12.5")])
    assert problems(text) == [
        "export.csv:3:11: Quantity Issued: '12.5': expected a whole number "
        "of credits, e.g. 1,454,054 or 1454054"
    ]


def test_another_projects_rows_are_refused() -> None:
    text = "\n".join([VERRA, verra_row("10", pid="1340")])
    (only,) = problems(text)
    assert only.startswith("export.csv:2:5: ID: project '1340', not this project's 944")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "export.csv:1:1: the file is empty"),
        (b"  \n\n", "export.csv:1:1: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "export.csv:3: not a CSV file: it holds NUL bytes"),
        (b"name,value\nx,1\n", "export.csv:1:1: the header row is neither export's"),
        ((VERRA + "\n").encode(), "export.csv:2: no rows under the header"),
        (b"\xff\xfeI\x00D\x00", "export.csv:1: not a CSV file"),
    ],
)
def test_bad_files_are_one_clear_problem(data: bytes, expected: str) -> None:
    (only,) = problems(data)
    assert only.startswith(expected), only


def test_bad_dates_and_types_each_a_problem() -> None:
    text = "\n".join([OFFSETSDB, "944,10,20x5,,issuance,,,,", "944,10,2015,,transfer,,,,"])
    assert problems(text) == [
        "export.csv:2:3: vintage: '20x5': expected a vintage year, e.g. 2015",
        "export.csv:3:5: transaction_type: 'transfer': expected one of issuance, retirement, "
        "cancellation",
    ]


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10**9), st.booleans()), min_size=1, max_size=20
    )
)
def test_an_imports_total_issued_is_the_csvs_sum_of_quantities(
    blocks: list[tuple[int, bool]],
) -> None:
    """Every Verra block, active or retired, was issued: the rows' quantities add up to the
    CSV's Quantity Issued column, written with thousands separators."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(VERRA.split(","))
    for quantity, retired in blocks:
        writer.writerow(
            next(csv.reader([verra_row(f'"{quantity:,}"', left="2020-01-01" if retired else "")]))
        )
    rows = read(out.getvalue())
    assert sum(r.quantity for r in rows if r.issued) == sum(q for q, _ in blocks)
    assert sum(r.quantity for r in rows if r.kind == "retirement") == sum(
        q for q, retired in blocks if retired
    )


@given(text=st.text(min_size=1, max_size=40))
def test_any_text_round_trips_through_the_emitted_yaml_as_data(text: str) -> None:
    """A beneficiary, a file name and a project id of any text are data in the YAML `ledger`
    prints: read back under `credits:`, the keys are the ledger's own and each text is itself."""
    from carboncalc.core.inputs import LedgerLine, RegistryTransaction
    from carboncalc.files.registry import RegistryExport
    from carboncalc.files.yamlio import parse_yaml
    from carboncalc.render.ledger import ledger_yaml
    from carboncalc.reports.ledger import LedgerImport

    row = RegistryTransaction("retirement", 5, dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    export = RegistryExport("verra", (row,), (f"a note: {text}",))
    line = LedgerLine(2010, 5, 5, 0, ((text, 5),))
    result = LedgerImport(None, text, export, (line,), "registry", text)  # type: ignore[arg-type]
    document = parse_yaml("credits:\n" + ledger_yaml(result), "pasted.yaml")
    assert document.problems == []
    assert list(document.data) == ["credits"] and list(document.data["credits"]) == ["ledger"]
    ledger = document.data["credits"]["ledger"]
    assert list(ledger) == ["source", "note", "entries"] and ledger["source"] == "registry"
    assert ledger["note"] == f"from the Verra Registry VCU export {text}, 1 row"
    (entry,) = ledger["entries"]
    assert entry["retired_by"] == [{"beneficiary": text, "retired": 5}]


def test_an_offsetsdb_table_of_all_projects_skips_the_others_and_counts_them() -> None:
    """OffsetsDB's credits table holds every project: the rows of VCS945 and ACR944 (another
    registry's 944) are skipped, their bad cells unread, and counted (2 rows) in a note; the two
    rows of VCS944 are read."""
    text = "\n".join(
        [
            OFFSETSDB,
            "VCS944,1000,2015,2016-01-01,issuance,,,,",
            "VCS945,not a number,2015,2016-01-01,issuance,,,,",
            "ACR944,5,2015,2016-01-01,issuance,,,,",
            "VCS944,200,2015,2017-01-01,retirement,acct,Beta Ltd,,",
        ]
    )
    export = read_registry_export(text.encode(), "credits.csv", project_id="944")
    assert [(r.kind, r.quantity) for r in export.rows] == [("issuance", 1_000), ("retirement", 200)]
    assert export.skipped == 2
    assert any("2 rows of other projects were skipped" in note for note in export.notes)


def test_an_offsetsdb_table_without_the_project_says_whose_rows_it_has() -> None:
    text = "\n".join([OFFSETSDB, "VCS945,10,2015,2016-01-01,issuance,,,,"])
    (only,) = problems(text)
    assert only.startswith("export.csv: no rows of project 944 among the 1 row of other projects")
    assert "registry.project_id" in only


def test_a_verra_export_of_another_project_is_still_refused() -> None:
    """A Verra VCU export is one project's search: a row of another is the wrong export."""
    text = "\n".join([VERRA, verra_row("10"), verra_row("10", pid="1340")])
    (only,) = problems(text)
    assert only.startswith("export.csv:3:5: ID: project '1340', not this project's 944")
