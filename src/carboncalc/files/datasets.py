"""The satellite datasets ``carboncalc observe`` measures, with their citations, from the shipped
table ``factors/datasets.yaml``: each dataset's publication, user guide and version, public
download page and published definitions, as every other factor carboncalc uses is cited."""

from __future__ import annotations

from pydantic import Field

from carboncalc.errors import ProjectFileError
from carboncalc.files.factors import load_reference
from carboncalc.files.quantities import Strict


class Publication(Strict):
    authors: str
    year: int
    title: str
    where: str = Field(description="The journal, volume and pages, or the publisher.")
    doi: str | None = None


class Guide(Strict):
    title: str
    version: str | None = None
    year: int | None = None
    url: str | None = None


class Download(Strict):
    url: str
    files: str = Field(description="How the files served there are named.")


class Dataset(Strict):
    title: str
    publication: Publication
    user_guide: Guide | None = None
    download: Download
    definitions: dict[str, str] = Field(default_factory=dict)
    note: str | None = None

    def citation(self) -> str:
        """``Hansen, M. C. et al. 2013. High-resolution ... Science 342:850-853.
        doi:10.1126/science.1244693``"""
        p = self.publication
        doi = f" doi:{p.doi}" if p.doi else ""
        return f"{p.authors} {p.year}. {p.title}. {p.where}.{doi}"


class DatasetsFile(Strict):
    datasets: dict[str, Dataset]


def load_dataset(name: str) -> Dataset:
    """A dataset's citation and definitions by its id (``hansen-gfc``)."""
    table = load_reference("datasets", DatasetsFile).datasets
    if name not in table:
        raise ProjectFileError(f"no dataset {name!r}; carboncalc knows {', '.join(table)}")
    return table[name]
