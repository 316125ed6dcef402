"""The satellite datasets ``carboncalc observe`` measures, with their citations, from the shipped
table ``factors/datasets.yaml``: each dataset's publication, user guide and version, public
download page and published definitions, as every other factor carboncalc uses is cited."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from carboncalc.errors import ProjectFileError
from carboncalc.files.factors import load_reference


class _Open(BaseModel):
    """A part of an entry: the fields carboncalc shows are typed; the table's other notes on
    what was read and where (``read``, ``source``, ``note``, ...) are kept as they are."""

    model_config = ConfigDict(extra="allow", frozen=True)


class Publication(_Open):
    authors: str
    year: int
    title: str
    journal: str
    doi: str | None = None


class Guide(_Open):
    title: str
    version: str | None = None
    url: str | None = None


class Download(_Open):
    page: str
    files: list[str] | str


class Dataset(_Open):
    title: str
    kernel: str
    publication: Publication
    user_guide: Guide | None = None
    download: Download
    definitions: dict[str, Any] = Field(default_factory=dict)
    note: str | None = None

    def citation(self) -> str:
        """``Hansen, M. C. et al. 2013. High-resolution ... Science 342:850-853.
        doi:10.1126/science.1244693``"""
        p = self.publication
        doi = f" doi:{p.doi}" if p.doi and p.doi != "none" else ""
        return f"{p.authors} {p.year}. {p.title}. {p.journal}.{doi}"


class DatasetsFile(RootModel[dict[str, Dataset]]):
    pass


def load_dataset(name: str) -> Dataset:
    """A dataset's citation and definitions by its id (``hansen-gfc``)."""
    table = load_reference("datasets", DatasetsFile).root
    if name not in table:
        raise ProjectFileError(f"no dataset {name!r}; carboncalc knows {', '.join(table)}")
    return table[name]
