"""``carboncalc evidence``: the bundled evidence set, one row per project, ranked."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carboncalc.core.evidence import (
    Density,
    EvidenceRow,
    default_density,
    evidence_row,
    over_specifications,
    ranked,
)
from carboncalc.core.evidence_inputs import Evaluation, EvidenceSet
from carboncalc.errors import CarboncalcError


@dataclass(frozen=True)
class EvidenceReport:
    evaluation: Evaluation
    rows: tuple[EvidenceRow, ...]  # ranked
    forest_type: str  # of the Tier 1 default densities
    country: str | None  # the filter, as given

    @property
    def total_avoided_tco2e_per_yr(self) -> float:
        return math.fsum(r.avoided_tco2e_per_yr for r in self.rows)

    @property
    def no_better(self) -> tuple[EvidenceRow, ...]:
        """Projects whose controls lost forest no faster than the project did."""
        return tuple(r for r in self.rows if r.verdict != "fewer losses than controls")


def evidence_report(
    evidence: EvidenceSet,
    ids: Sequence[str] = (),
    *,
    country: str | None = None,
    evaluation: str | None = None,
    own_densities: Mapping[str, Density] | None = None,
) -> EvidenceReport:
    """Rows for the projects asked for (default: every project the evaluation covers), in a
    country if one is given (its name, ISO 3166-1 alpha-3 or alpha-2 code); a project's own
    density (from its file in the project set) in place of the Tier 1 default where given. An id
    given twice is one project, counted once in the total (the first place it is given kept).
    Beside each row, the controls' rate over matching specifications: the chosen evaluation's,
    else the first evaluation's that gives one for the project."""
    ids = list(dict.fromkeys(ids))
    chosen = _evaluation(evidence, evaluation)
    covered = [pid for pid in evidence.projects if pid in chosen.rates]
    unknown = [i for i in ids if i not in evidence.projects]
    if unknown:
        raise CarboncalcError(
            f"no project {', '.join(unknown)} in the evidence set (registry ids such as "
            f"{', '.join(covered[:3])}; `carboncalc evidence` lists them all)"
        )
    uncovered = [i for i in ids if i not in chosen.rates]
    if uncovered:
        raise CarboncalcError(f"evaluation {chosen.id!r} has no rates for {', '.join(uncovered)}")
    picked = list(ids) if ids else covered
    if country is not None:
        wanted = country.strip().casefold()
        picked = [
            pid for pid in picked
            if wanted in {v.casefold() for v in (evidence.projects[pid].country,
                                                 evidence.projects[pid].iso3,
                                                 evidence.projects[pid].iso2)}
        ]  # fmt: skip
        if not picked:
            known = sorted({f"{p.iso2} ({p.country})" for p in evidence.projects.values()})
            raise CarboncalcError(
                f"--country {country}: no project of the evidence set there (countries: "
                f"{', '.join(known)})"
            )
    claims = {c.project: c for c in evidence.claims}
    own = own_densities or {}
    rows = [
        evidence_row(
            evidence.projects[pid],
            chosen,
            own.get(pid) or default_density(evidence, evidence.projects[pid]),
            claims.get(pid),
            over_specifications(pid, [chosen, *evidence.evaluations]),
        )
        for pid in picked
    ]
    return EvidenceReport(chosen, tuple(ranked(rows)), evidence.forest_type, country)


def _evaluation(evidence: EvidenceSet, name: str | None) -> Evaluation:
    if name is None:
        return evidence.evaluations[0]
    for e in evidence.evaluations:
        if e.id == name:
            return e
    known = ", ".join(e.id for e in evidence.evaluations)
    raise CarboncalcError(f"--evaluation: no evaluation {name!r} (evaluations: {known})")
