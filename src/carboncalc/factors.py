"""Reference tables shipped in ``carboncalc/factors/`` (YAML, each value with its source):
read once per process, validated by their own models, handed to the core as plain values."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import Field, model_validator

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.quantities import Count, Number, Source, Strict
from carboncalc.yamlio import read_yaml

if TYPE_CHECKING:
    from pydantic import BaseModel

    from carboncalc.inputs import FactorTable

T = TypeVar("T", bound="BaseModel")


# --- the tables' models: they validate the files; the core receives plain copies ----------


class FactorFile(Strict):
    label: str
    value: Number = Field(gt=0)
    unit: str = Field(description="t CO2e per unit; ending in /yr for a per-year equivalent.")
    derivation: str | None = None
    note: str | None = None


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


class LeakageTable(Strict):
    source: Source
    pooled_pct: dict[str, Number]
    all_pct: Number = Field(ge=0, le=100)


class BandFile(Strict):
    up_to_pct: Number | None = Field(description="Inclusive upper bound; null for no bound.")
    deduction_pct: Number = Field(ge=0, le=100)


class ConservativenessTable(Strict):
    source: Source
    bands: list[BandFile] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> ConservativenessTable:
        bounds = [b.up_to_pct for b in self.bands]
        if bounds[-1] is not None or any(b is None for b in bounds[:-1]):
            raise ValueError("only the last band is unbounded")
        if bounds[:-1] != sorted(bounds[:-1]):  # type: ignore[type-var]
            raise ValueError("bands must be in increasing order")
        return self


# --- reading them ------------------------------------------------------------------------------


_REFERENCES: dict[tuple[str, type[Any]], Any] = {}


def load_reference(name: str, model: type[T]) -> T:
    """A reference table shipped in ``carboncalc/factors`` (YAML with its sources), read once
    per process (the tables are immutable models)."""
    key = (name, model)
    if key not in _REFERENCES:
        _REFERENCES[key] = _read_reference(name, model)
    found: T = _REFERENCES[key]
    return found


def _read_reference(name: str, model: type[T]) -> T:
    from pydantic import ValidationError

    path = Path(__file__).resolve().parent / "factors" / f"{name}.yaml"
    doc = read_yaml(path)
    if doc.problems:
        raise ProjectFileError(doc.problems)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:  # a packaging bug, still reported without a traceback
        raise ProjectFileError([Problem(str(exc), str(path))]) from None


def load_factor_table() -> FactorTable:
    """The versioned everyday-equivalent factors, as plain values for the core."""
    from carboncalc.inputs import Citation, Factor, FactorTable, FactorVersion

    table = load_reference("equivalents", FactorTableFile)
    return FactorTable(
        current=table.current,
        versions={
            vid: FactorVersion(
                label=v.label,
                source=Citation(
                    **v.source.model_dump(include={"title", "publisher", "year", "url", "note"})
                ),
                factors={k: Factor(f.label, f.value, f.unit) for k, f in v.factors.items()},
            )
            for vid, v in table.versions.items()
        },
    )
