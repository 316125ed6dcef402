"""``ledger``: a registry's export of a project's credits as the project's ledger by vintage."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from carboncalc.errors import CarboncalcError, ProjectFileError

if TYPE_CHECKING:
    from carboncalc.core.inputs import LedgerLine
    from carboncalc.files.loading import LoadedProject
    from carboncalc.files.registry import RegistryExport


@dataclass(frozen=True)
class LedgerImport:
    loaded: LoadedProject
    file: str  # the export, as given
    export: RegistryExport
    lines: tuple[LedgerLine, ...]  # by calendar-year vintage
    source: str  # the source id the written ledger cites
    project_id: str  # the registry's id of the project, whose rows were read

    @property
    def issued(self) -> int:
        return sum(line.issued for line in self.lines)

    @property
    def retired(self) -> int:
        return sum(line.retired for line in self.lines)

    @property
    def cancelled(self) -> int:
        return sum(line.cancelled for line in self.lines)


def ledger_import(
    loaded: LoadedProject, export: RegistryExport, *, file: str, source: str, project_id: str
) -> LedgerImport:
    """The export's rows as the project's ledger by vintage (split by days where a row's
    vintage spans years: :func:`carboncalc.core.ledger.ledger_from_transactions`)."""
    from carboncalc.core.ledger import ledger_from_transactions

    try:
        lines = ledger_from_transactions(export.rows)
    except CarboncalcError as exc:  # a vintage that does not add up is the export's problem
        raise ProjectFileError([replace(p, path=p.path or file) for p in exc.problems]) from None
    return LedgerImport(loaded, file, export, lines, source, project_id)
