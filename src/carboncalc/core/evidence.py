"""Independent evidence on REDD+ projects: what matched-control evaluations imply a project
avoided, beside what it claimed.

An evaluation (Guizar-Coutino et al. 2022, say) reports, for each project, annual deforestation
in the project and in control forests matched to it, as fractions per year. With the project's
area A (ha), control rate c and project rate p, the deforestation it avoided is

    avoided_ha_per_yr = A x (c - p)

(a first-order reading over the years evaluated: the rates are shares of forest cleared per
year, applied to the project's area). With a carbon density D (t CO2 per hectare cleared),

    avoided_tco2e_per_yr = avoided_ha_per_yr x D      where c > p, else 0:

a project that cleared as fast as its controls, or faster, avoided nothing and earns no
credits. D is the project's own (from its file in the project set) where there is one, else an
IPCC Tier 1 default (:class:`Tier1Density`), marked as an assumption.

An evaluation that ran many matching specifications (Guizar-Coutino et al. 2024) gives, beside
the rates of the run it selected, the controls' rate over the runs that passed its checks
(:class:`Spread`). Each row shows that spread beside the published figure.

Plain values in (:mod:`carboncalc.core.evidence_inputs`, read from the data file by
:func:`carboncalc.files.factors.load_evidence`), frozen dataclasses out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from carboncalc.core.evidence_inputs import (
    Claim,
    Evaluation,
    EvidenceProject,
    EvidenceSet,
    Rates,
)
from carboncalc.units import PERCENT

Verdict = Literal["fewer losses than controls", "no different from controls",
                  "worse than controls"]  # fmt: skip


@dataclass(frozen=True)
class Density:
    """The density a row uses: t CO2 per hectare cleared, where it comes from, and whether it
    is an assumed default."""

    tco2_per_ha: float
    how: str
    assumed: bool


@dataclass(frozen=True)
class OverSpecifications:
    """Beside a row: the matched controls' rate over the matching specifications of an
    evaluation that ran several [%/yr], and the rates of the run it selected."""

    evaluation: Evaluation
    count: int  # runs that passed the evaluation's checks
    min_pct_per_yr: float
    p5_pct_per_yr: float
    p95_pct_per_yr: float
    max_pct_per_yr: float
    run: Rates  # the selected run (fractions per year, as the evaluation gives them)

    @property
    def run_control_pct_per_yr(self) -> float:
        return self.run.control_fraction_per_yr * PERCENT

    @property
    def run_project_pct_per_yr(self) -> float:
        return self.run.project_fraction_per_yr * PERCENT


@dataclass(frozen=True)
class EvidenceRow:
    """One project under one evaluation."""

    project: EvidenceProject
    evaluation: str
    control_pct_per_yr: float
    project_pct_per_yr: float
    avoided_ha_per_yr: float  # area x (control - project); negative where it cleared more
    density: Density
    avoided_tco2e_per_yr: float  # 0 where the project did no better than its controls
    verdict: Verdict
    claim: Claim | None = None  # what the project claims, where a source states it
    specifications: OverSpecifications | None = None  # the controls' rate over specifications

    @property
    def control_within_specifications(self) -> bool | None:
        """Whether the row's control rate lies within the specifications' 5th-95th percentiles;
        None without a spread."""
        s = self.specifications
        if s is None:
            return None
        return s.p5_pct_per_yr <= self.control_pct_per_yr <= s.p95_pct_per_yr

    @property
    def claimed_tco2e_per_yr(self) -> float | None:
        return self.claim.avoided_tco2e_per_yr if self.claim is not None else None

    @property
    def difference_pct_per_yr(self) -> float:
        return self.control_pct_per_yr - self.project_pct_per_yr

    @property
    def claimed_over_evidence(self) -> float | None:
        """Claimed avoided emissions as a multiple of those the evidence supports; None where
        there is no claim, or the evidence supports none (no multiple says that)."""
        if self.claimed_tco2e_per_yr is None or self.avoided_tco2e_per_yr <= 0:
            return None
        return self.claimed_tco2e_per_yr / self.avoided_tco2e_per_yr


def avoided_ha_per_yr(area_ha: float, rates: Rates) -> float:
    """Deforestation avoided per year: the area times the controls' rate minus the project's."""
    return area_ha * (rates.control_fraction_per_yr - rates.project_fraction_per_yr)


def verdict(rates: Rates) -> Verdict:
    difference = rates.control_fraction_per_yr - rates.project_fraction_per_yr
    if difference > 0:
        return "fewer losses than controls"
    return "no different from controls" if difference == 0 else "worse than controls"


def over_specifications(pid: str, evaluations: Sequence[Evaluation]) -> OverSpecifications | None:
    """The first of ``evaluations`` that gives the controls' rate over its specifications for
    project ``pid``, as %/yr; None where none does."""
    for e in evaluations:
        rates = e.rates.get(pid)
        s = rates.control_over_specifications if rates is not None else None
        if rates is not None and s is not None:
            return OverSpecifications(
                evaluation=e,
                count=s.count,
                min_pct_per_yr=s.min_fraction_per_yr * PERCENT,
                p5_pct_per_yr=s.p5_fraction_per_yr * PERCENT,
                p95_pct_per_yr=s.p95_fraction_per_yr * PERCENT,
                max_pct_per_yr=s.max_fraction_per_yr * PERCENT,
                run=rates,
            )
    return None


def evidence_row(
    project: EvidenceProject,
    evaluation: Evaluation,
    density: Density,
    claim: Claim | None = None,
    specifications: OverSpecifications | None = None,
) -> EvidenceRow:
    rates = evaluation.rates[project.id]
    ha = avoided_ha_per_yr(project.area_ha, rates)
    return EvidenceRow(
        project=project,
        evaluation=evaluation.id,
        control_pct_per_yr=rates.control_fraction_per_yr * PERCENT,
        project_pct_per_yr=rates.project_fraction_per_yr * PERCENT,
        avoided_ha_per_yr=ha,
        density=density,
        avoided_tco2e_per_yr=max(ha, 0.0) * density.tco2_per_ha,
        verdict=verdict(rates),
        claim=claim,
        specifications=specifications,
    )


def default_density(evidence: EvidenceSet, project: EvidenceProject) -> Density:
    d = evidence.densities[project.tier1_region]
    return Density(tco2_per_ha=d.tco2_per_ha, how=d.how, assumed=True)


def ranked(rows: list[EvidenceRow]) -> list[EvidenceRow]:
    """Most avoided emissions first; then the smallest difference of rates (the worst) last;
    ties by registry id."""
    return sorted(rows, key=lambda r: (-r.avoided_tco2e_per_yr, -r.difference_pct_per_yr,
                                       r.project.id))  # fmt: skip
