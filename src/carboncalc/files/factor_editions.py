"""Editions of the everyday-equivalence factors: the EPA editions shipped in
``factors/equivalents.yaml``, and an edition of a user's own in a file (a national fleet, a newer
EPA release), validated as a project file is and handed to the core as plain values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.files.factors import load_reference
from carboncalc.files.quantities import Count, Number, Source, Strict

if TYPE_CHECKING:
    from pathlib import Path

    from carboncalc.core.inputs import Citation, FactorTable, FactorVersion
    from carboncalc.files.yamlio import Document


class VehicleInputsFile(Strict):
    """The published inputs of a vehicle-year factor: t CO2/gallon x miles/yr / miles/gallon /
    CO2 share of CO2e."""

    tco2_per_gallon: Number = Field(gt=0, le=0.1, description="t CO2 per gallon of gasoline.")
    miles_per_yr: Number = Field(gt=0, le=1e6)
    miles_per_gallon: Number = Field(gt=0, le=1000)
    co2_fraction_of_co2e: Number = Field(gt=0, le=1, description="CO2's share of CO2e, 0..1.")


class FactorFile(Strict):
    label: str
    value: Number | None = Field(
        default=None, gt=0, description="As the source states it; without it, from `inputs`."
    )
    unit: str = Field(description="t CO2e per unit; ending in /yr for a per-year equivalent.")
    inputs: VehicleInputsFile | None = None
    derivation: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _value_or_inputs(self) -> FactorFile:
        if self.value is None and self.inputs is None:
            raise ValueError("give `value` (as the source states it) or its published `inputs`")
        return self


class FactorVersionFile(Strict):
    label: str
    in_use: str = Field(description="When the version was current, as far as the sources say.")
    data_year: Count | None = None
    source: Source
    factors: dict[str, FactorFile]


class FactorTableFile(Strict):
    current: str
    versions: dict[str, FactorVersionFile]

    @model_validator(mode="after")
    def _current_exists(self) -> FactorTableFile:
        if self.current not in self.versions:
            raise ValueError(f"current version {self.current!r} is not in `versions`")
        return self


class EditionSource(Source):
    """Where a user's edition comes from: title, publisher and year are required."""

    publisher: str
    year: Count = Field(ge=1800, le=2100)


class EditionFile(Strict):
    """A factor edition of a user's own, one file: its label, source and factors."""

    label: str
    source: EditionSource
    factors: dict[str, FactorFile] = Field(min_length=1)


def load_factor_table() -> FactorTable:
    """The versioned everyday-equivalent factors, as plain values for the core."""
    from carboncalc.core.inputs import FactorTable

    table = load_reference("equivalents", FactorTableFile)
    return FactorTable(
        current=table.current,
        versions={vid: _version(v.label, v.source, v.factors) for vid, v in table.versions.items()},
    )


def factors_for(
    option: str | None, project_path: Path | None = None, choice: str | None = None
) -> tuple[FactorTable, str | None]:
    """The factor table and the edition to use: ``option`` (--factors), else ``choice`` (the
    project file's `equivalents.factors`), else None (the current one). A version of the table,
    or an edition of the user's own in a .yaml/.yml file (--factors: the path as given; the
    project file's: in its folder, by the rules for the files a project names), added to the
    table under that name."""
    table = load_factor_table()
    chosen = option if option is not None else choice
    if chosen is None or not chosen.endswith((".yaml", ".yml")):
        if chosen is not None and chosen not in table.versions:
            known = ", ".join(table.versions)
            message = (
                f"no factor version {chosen!r}: give one of {known}, or a .yaml file of your own"
            )
            if option is not None:
                raise ProjectFileError([Problem(message, "--factors")])
            raise ProjectFileError([Problem(
                message, str(project_path), field="equivalents.factors"
            )])  # fmt: skip
        return table, chosen
    if option is not None:
        from pathlib import Path

        version = load_factor_edition(Path(option))
    else:
        assert project_path is not None
        version = project_edition(project_path, chosen)
    return with_edition(table, chosen, version), chosen


def with_edition(table: FactorTable, version_id: str, version: FactorVersion) -> FactorTable:
    """The table with a user's edition added as ``version_id`` (a shipped version's id is
    refused, so that "factors 2024" always means EPA's)."""
    from carboncalc.core.inputs import FactorTable

    if version_id in table.versions:
        raise ProjectFileError(
            [Problem(f"{version_id!r} is a shipped factor version; name your file otherwise")]
        )
    return FactorTable(current=table.current, versions={**table.versions, version_id: version})


def load_factor_edition(path: Path) -> FactorVersion:
    """A user's factor edition from a YAML file, read as a project file is (a regular file of at
    most 1 MB); every problem with its line, field and what was expected."""
    from carboncalc.files.yamlio import read_yaml

    return _edition(read_yaml(path))


def project_edition(project_path: Path, name: str) -> FactorVersion:
    """The edition in a file a project file names (`equivalents.factors`), read by the rules for
    the files a project names: in the project file's folder, no link or ``..`` leading out."""
    from carboncalc.files.projects import read_named_file
    from carboncalc.files.reading import decode
    from carboncalc.files.yamlio import parse_yaml

    at = Problem("", str(project_path), field="equivalents.factors")
    _, raw = read_named_file(project_path, name, at)
    shown = str(project_path.parent / name)
    return _edition(parse_yaml(decode(raw, shown), shown))


def _edition(doc: Document) -> FactorVersion:
    from pydantic import ValidationError

    from carboncalc.files.validation import document_problems

    if not isinstance(doc.data, dict):
        raise ProjectFileError(
            [*doc.problems, Problem("expected a mapping of fields (label:, source:, factors:)",
                                    doc.path, 1, 1)]
        )  # fmt: skip
    try:
        edition = EditionFile.model_validate(doc.data)
    except ValidationError as exc:
        raise ProjectFileError(document_problems(doc, exc.errors(include_url=False))) from None
    if doc.problems:
        raise ProjectFileError(document_problems(doc, []))
    found = _factor_problems(doc, edition.factors)
    if found:
        raise ProjectFileError(found)
    return _version(edition.label, edition.source, edition.factors)


def expected_units() -> dict[str, str]:
    """Each factor carboncalc knows, with its unit as the shipped editions state it."""
    units: dict[str, str] = {}
    for version in load_reference("equivalents", FactorTableFile).versions.values():
        for key, f in version.factors.items():
            units.setdefault(key, f.unit)
    return units


def _factor_problems(doc: Document, factors: dict[str, FactorFile]) -> list[Problem]:
    """A user's factors are ones carboncalc knows (an equivalent it can label and count), each
    in the unit carboncalc counts with; carboncalc converts no unit. One problem each, at its
    line."""
    import difflib

    units = expected_units()
    problems = []
    for key, f in factors.items():
        if key not in units:
            hint = difflib.get_close_matches(key, list(units), n=1)
            where = doc.locate(("factors", key))
            message = (
                f"unknown factor {key!r}"
                + (f"; did you mean {hint[0]!r}?" if hint else "")
                + f" (factors: {', '.join(units)})"
            )
            problems.append(Problem(message, where.path, where.line, where.column,
                                    f"factors.{key}"))  # fmt: skip
        elif " ".join(f.unit.split()) != units[key]:
            where = doc.locate(("factors", key, "unit"))
            message = (
                f"expected the unit {units[key]!r}, got {f.unit!r}: carboncalc converts no "
                f"unit; give the value in {units[key]}"
            )
            problems.append(Problem(message, where.path, where.line, where.column,
                                    f"factors.{key}.unit"))  # fmt: skip
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _version(label: str, source: Source, factors: dict[str, FactorFile]) -> FactorVersion:
    from carboncalc.core.inputs import Factor, FactorVersion, VehicleFactorInputs

    def factor(f: FactorFile) -> Factor:
        inputs = None if f.inputs is None else VehicleFactorInputs(**f.inputs.model_dump())
        return Factor(f.label, f.value, f.unit, inputs, f.note)

    return FactorVersion(
        label=label,
        source=_citation(source),
        factors={k: factor(f) for k, f in factors.items()},
    )


def _citation(source: Source) -> Citation:
    from carboncalc.core.inputs import Citation

    return Citation(**source.model_dump(include={"title", "publisher", "year", "url", "note"}))
