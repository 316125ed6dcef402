"""Observed-loss CSV files (`observed.file`): found by the rules for every file a project names,
read as spreadsheets write them, every problem at its own line and quoting little of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carboncalc.errors import ProjectFileError
from carboncalc.loading import load_project
from carboncalc.quantities import year_number

PROJECT = """\
name: Observed forest
countries: [PE]
sources:
  src: {title: Test source, year: 2020}
area: {value: 1000, unit: ha, source: src}
carbon:
  pools:
    above_ground: {value: 100, unit: t C/ha, source: src}
deforestation:
  baseline:
    rate: {value: 1.0, unit: "%/yr", source: src}
  project:
    rate: {value: 0.2, unit: "%/yr", source: src}
    observed: {file: FILE, source: src}
  residual_carbon: {value: 0, unit: t C/ha, source: src}
period: {start: 2010-01-01, length_yr: 10, source: src}
"""
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
