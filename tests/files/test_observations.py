"""Observed-loss CSV files (`observed.file`): found by the rules for every file a project names,
read as spreadsheets write them, every problem at its own line and quoting little of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carboncalc.errors import ProjectFileError
from carboncalc.files.loading import load_project
from carboncalc.files.quantities import year_number
from strategies import OBSERVED_PROJECT

PROJECT = OBSERVED_PROJECT  # its `observed.file` is FILE
FILE_LINE = 14  # the line of `observed: {file: ...}`
FILE_AT = f"p.yaml:{FILE_LINE}:16: deforestation.project.observed.file:"


def project(tmp_path: Path, csv: str | bytes | None, name: str = "loss.csv") -> Path:
    """p.yaml naming ``name``, and that file holding ``csv`` (None: not written here)."""
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    if csv is not None:
        data = csv.encode("utf-8") if isinstance(csv, str) else csv
        (folder / name).write_bytes(data)
    path = folder / "p.yaml"
    path.write_text(PROJECT.replace("FILE", f'"{name}"'), encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    """What a load of ``path`` reports, with the folder left out of the file names."""
    with pytest.raises(ProjectFileError) as info:
        load_project(str(path))
    return [str(p).replace(str(path.parent) + os.sep, "") for p in info.value.problems]


def observed(path: Path) -> dict[int, float]:
    by_year = load_project(str(path)).project.deforestation.project.observed.by_year  # type: ignore[union-attr]
    return dict(by_year)


# --- years ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [("2010", 2010), ("02010", 2010), ("1800", 1800), ("2300", 2300), ("1700", None),
     ("2301", None), ("２０１０", None), ("9" * 5000, None), ("0" * 5000 + "2010", 2010),
     ("", None), ("+2010", None), ("2010 ", None), ("٢٠١٠", None)],
)  # fmt: skip
def test_a_year_is_ascii_digits_in_the_schema_range(text: str, year: int | None) -> None:
    assert year_number(text) == year


def test_inline_values_refuse_other_digits_and_a_year_twice(tmp_path: Path) -> None:
    """`values` written in the project file follow the CSV's rules for years: no full-width
    digits, no 5,000-digit year (and no hint about Python's int limit), no year twice."""
    path = project(tmp_path, None)
    for values, expected in [
        ('{"２０１０": 5}', "'２０１０' is not a year from 1800 to 2300"),
        ('{? "' + "9" * 5000 + '" : 5}', f"'{'9' * 39}…' is not a year"),  # `?`: a long key
        ('{"2010": 5, "02010": 6}', "'02010': the year 2010 is given twice"),
    ]:
        path.write_text(PROJECT.replace("file: FILE", f"values: {values}"), encoding="utf-8")
        (found,) = messages(path)
        assert found.startswith(f"p.yaml:{FILE_LINE}:5: deforestation.project.observed: ")
        assert expected in found and "int_max_str_digits" not in found


# --- the file a project names --------------------------------------------------------------------


def test_a_valid_file_in_any_spelling_of_lines_and_with_a_bom(tmp_path: Path) -> None:
    for text in [
        "year,cleared_ha\n2010,5\n2011,6.5\n",
        "year,cleared_ha\r\n2010,5\r\n2011,6.5\r\n",
        "year,cleared_ha\r2010,5\r2011,6.5",
        "\ufeffyear,cleared_ha\r\n2010,5\r\n2011,6.5\r\n",  # Excel's "CSV UTF-8"
        'year,cleared_ha\n"2010","5"\n"2011",6.5\n',
    ]:
        assert observed(project(tmp_path, text)) == {2010: 5.0, 2011: 6.5}, repr(text)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/etc/passwd", "'/etc/passwd': an absolute path"),
        ("/proc/self/environ", "'/proc/self/environ': an absolute path"),
        ("../secret.csv", "'../secret.csv': `..` leads out of the project file's folder"),
        ("sub/../../secret.csv", "'sub/../../secret.csv': `..` leads out of the project"),
        ("a\0b.csv", "'a\\x00b.csv': not a file name (a NUL character in it)"),
        ("", "'': not a file name"),
        ("missing.csv", "'missing.csv': cannot read the file: No such file or directory"),
        (".", "'.': not a regular file (a folder)"),
        ("secret.csv/", "'secret.csv/': not a file name (it ends with a slash"),
    ],
)
def test_a_name_outside_the_folder_or_not_a_file_is_refused(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "secret.csv").write_text("SECRET-LINE,42\n2010,5\n")
    path = project(tmp_path, None, name=name.replace("\0", "\\0"))  # YAML's escape for NUL
    (found,) = messages(path)
    assert found.startswith(f"{FILE_AT} {message}")
    assert "SECRET" not in found


def test_a_link_out_of_the_folder_is_refused_without_reading_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("year,SECRET-LINE\n2010,5\n")
    path = project(tmp_path, None)
    (path.parent / "loss.csv").symlink_to(secret)
    found = messages(path)
    assert found == [f"{FILE_AT} 'loss.csv': a link to outside the project file's folder; not read"]
    # a link at a folder step is the same, and a link inside the folder is followed
    (path.parent / "loss.csv").unlink()
    (path.parent / "data").symlink_to(tmp_path)
    path.write_text(PROJECT.replace("FILE", "data/secret.csv"), encoding="utf-8")
    assert "a link to outside the project file's folder" in messages(path)[0]
    (path.parent / "real.csv").write_text("year,cleared_ha\n2010,5\n")
    (path.parent / "inside.csv").symlink_to(path.parent / "real.csv")
    path.write_text(PROJECT.replace("FILE", "inside.csv"), encoding="utf-8")
    assert observed(path) == {2010: 5.0}


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = project(tmp_path, None)
    os.mkfifo(path.parent / "loss.csv")
    assert messages(path) == [f"{FILE_AT} 'loss.csv': not a regular file (a FIFO)"]


def test_a_file_over_1_mb_is_refused(tmp_path: Path) -> None:
    path = project(tmp_path, "year,cleared_ha\n" + "2010,5\n" * 150_000)
    assert messages(path) == [
        f"{FILE_AT} 'loss.csv': the file is 1,050,016 bytes; files a project names are at most 1 MB"
    ]


# --- rows ----------------------------------------------------------------------------------------


def test_problems_are_at_physical_lines_after_a_quoted_cell_over_lines(tmp_path: Path) -> None:
    text = 'year,cleared_ha\n2010,5\n"20\n11",6\n2012,x\r\n2013,-5\r2014,nan\n2015,inf\n'
    assert messages(project(tmp_path, text)) == [
        "loss.csv:3: '20\\n11' is not a year: expected 1800 to 2300, digits 0-9",
        "loss.csv:5: 'x' is not a number",
        "loss.csv:6: '-5' is not an area: expected a finite number of 0 or more",
        "loss.csv:7: 'nan' is not an area: expected a finite number of 0 or more",
        "loss.csv:8: 'inf' is not an area: expected a finite number of 0 or more",
    ]


def test_years_are_ascii_digits_in_range_and_given_once(tmp_path: Path) -> None:
    text = "year,cleared_ha\n2010,5\n02010,6\n２０１１,1\n1700,1\n" + "9" * 5000 + ",1\n"
    assert messages(project(tmp_path, text)) == [
        "loss.csv:3: '02010': the year 2010 is given twice (first at line 2)",
        "loss.csv:4: '２０１１' is not a year: expected 1800 to 2300, digits 0-9",
        "loss.csv:5: '1700' is not a year: expected 1800 to 2300, digits 0-9",
        f"loss.csv:6: '{'9' * 39}…' is not a year: expected 1800 to 2300, digits 0-9",
    ]


def test_a_huge_field_is_one_problem_and_the_header_is_quoted_short(tmp_path: Path) -> None:
    text = "year,cleared_ha\n2010," + "9" * 200_000 + "\n2011,x\n"
    assert messages(project(tmp_path, text)) == [
        "loss.csv:2: a field of more than 131,072 characters",
        "loss.csv:3: 'x' is not a number",
    ]
    secret = "password=hunter2 and a long line that goes on and on"
    (found,) = messages(project(tmp_path, f"{secret}\n2010,5\n"))
    assert "hunter2 and a long line that" in found and "goes on and on" not in found


def test_problems_are_capped_at_fifty_per_file(tmp_path: Path) -> None:
    found = messages(project(tmp_path, "year,cleared_ha\n" + "x,1\n" * 120_000))
    assert len(found) == 51
    assert found[0] == "loss.csv:2: 'x' is not a year: expected 1800 to 2300, digits 0-9"
    assert found[-1] == "loss.csv: ... and 119,950 more problems (the first 50 are shown)"


def test_a_header_only_or_empty_file_is_one_problem(tmp_path: Path) -> None:
    assert messages(project(tmp_path, "year,cleared_ha\n")) == [
        "loss.csv:1: no years: the file has a header only"
    ]
    assert messages(project(tmp_path, "")) == [
        "loss.csv:1: the file is empty: expected a header `year,value` (or `year,cleared_ha`, "
        "`year,forest_km2`, ...)"
    ]


# --- loss beyond the forest ----------------------------------------------------------------------


def test_loss_beyond_the_forest_is_an_error_at_its_line(tmp_path: Path) -> None:
    """1,000 ha of forest: 400 + 500 ha cleared is possible, another 200 ha in 2012 is not
    (today's emissions would quietly clear only the 100 ha left)."""
    text = "year,cleared_ha\n2010,400\n2011,500\n2012,200\n2013,5000\n"
    assert messages(project(tmp_path, text)) == [
        "loss.csv:4: 2012: observed clearing adds up to 1,100 ha by this year, more than the "
        "1,000 ha of forest at the start"
    ]
    assert observed(project(tmp_path, "year,cleared_ha\n2010,400\n2011,600\n"))[2011] == 600
    path = project(tmp_path, None)
    path.write_text(PROJECT.replace("file: FILE", "values: {2010: 5000}"), encoding="utf-8")
    assert messages(path) == [
        f"p.yaml:{FILE_LINE}:25: deforestation.project.observed.values.2010: 2010: observed "
        "clearing adds up to 5,000 ha by this year, more than the 1,000 ha of forest at the start"
    ]


def test_the_forest_left_observed_is_not_checked_as_clearing(tmp_path: Path) -> None:
    path = project(tmp_path, "year,forest_ha\n2010,990\n2011,980\n")
    assert observed(path) == {2010: 990.0, 2011: 980.0}


def test_a_forest_observed_larger_than_at_the_start_is_an_error_at_its_line(
    tmp_path: Path,
) -> None:
    """2,000 ha of forest observed in a 1,000 ha forest (hectares written for acres, say) was
    cut to 1,000 without a word: no clearing at all that year."""
    assert messages(project(tmp_path, "year,forest_ha\n2010,990\n2011,2000\n")) == [
        "loss.csv:3: 2011: the forest observed, 2,000 ha, is more than the 1,000 ha of forest "
        "at the start"
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1_000", "'1_000' is not a number"),  # as a project file, which refuses 1_000
        ("5\x85", "'5\\x85' is not a number"),  # not ASCII blanks: not stripped
        ("0.0000000001", "'0.0000000001' is out of the range carboncalc accepts"),
    ],
)
def test_a_value_is_a_number_as_a_project_file_writes_it(
    tmp_path: Path, cell: str, message: str
) -> None:
    (found,) = messages(project(tmp_path, f"year,cleared_ha\n2010,{cell}\n"))
    assert found.startswith(f"loss.csv:2: {message}")


def test_a_year_with_other_blanks_around_it_is_not_a_year(tmp_path: Path) -> None:
    (found,) = messages(project(tmp_path, "year,cleared_ha\n2010\u2028,5\n"))
    assert found.startswith("loss.csv:2: ") and "is not a year" in found


def test_the_corpus_file_saved_by_excel_loads() -> None:
    """tests/data/valid/observed-bom-crlf.csv keeps its BOM and CRLF line ends as committed."""
    path = Path(__file__).parents[1] / "data" / "valid" / "observed-bom-crlf.yaml"
    raw = path.with_suffix(".csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfyear,cleared_ha\r\n")
    assert observed(path) == {2010: 2.5, 2011: 3.0, 2012: 0.0}
