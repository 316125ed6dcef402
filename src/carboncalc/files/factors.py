"""Reference tables shipped in ``carboncalc/factors/`` (YAML, each value with its source):
read once per process, validated by their own models, handed to the core as plain values."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field, model_validator

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.files.quantities import Count, Number, Source, Strict
from carboncalc.files.yamlio import read_yaml

if TYPE_CHECKING:
    from pydantic import BaseModel

    from carboncalc.core.inputs import RuleSet

T = TypeVar("T", bound="BaseModel")


# --- the tables' models: they validate the files; the core receives plain copies ----------


class LeakageTable(Strict):
    source: Source
    pooled_pct: dict[str, Number]
    all_pct: Number = Field(ge=0, le=100)


class DecayRuleFile(Strict):
    years: Count = Field(ge=1, le=100)
    remaining: Number = Field(ge=0, le=1)
    source: str
    note: str | None = None
    assumption: bool = False


class DecayTable(Strict):
    pools: dict[str, DecayRuleFile]


class FireFactorTableFile(Strict):
    """One named table of emission factors for burning, g per kg of dry matter."""

    label: str
    source: str
    note: str | None = None
    assumption: bool = False
    g_per_kg_dm: dict[Literal["co2", "ch4", "n2o"], Number]


class FireFactorsFile(Strict):
    default: str
    tables: dict[str, FireFactorTableFile]

    @model_validator(mode="after")
    def _default_exists(self) -> FireFactorsFile:
        if self.default not in self.tables:
            raise ValueError(f"default table {self.default!r} is not in `tables`")
        return self


class GwpSetFile(Strict):
    label: str
    ch4: Number = Field(gt=0)
    n2o: Number = Field(gt=0)


class GwpTableFile(Strict):
    default: str
    sets: dict[str, GwpSetFile]


class CarbonFractionFile(Strict):
    value: Number = Field(ge=0.3, le=0.7)
    source: str


class FireTable(Strict):
    emission_factors: FireFactorsFile
    gwp: GwpTableFile
    carbon_fraction: CarbonFractionFile


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


class PerYearRuleFile(Strict):
    """That the deduction is taken per year, each vintage from its own half-width."""

    source: str
    note: str | None = None
    assumption: bool = False


class UncertaintyRuleFile(Strict):
    rule: Literal["bands", "excess_over", "art_trees"]
    threshold_pct: Number | None = Field(default=None, ge=0, le=100)
    base: Literal["after_leakage", "gross"]
    source: str
    note: str | None = None
    assumption: bool = False
    per_year: PerYearRuleFile | None = None  # absent: one deduction for the whole period

    @model_validator(mode="after")
    def _threshold(self) -> UncertaintyRuleFile:
        if (self.rule == "excess_over") != (self.threshold_pct is not None):
            raise ValueError("`threshold_pct` goes with the excess_over rule, and only with it")
        return self


class BufferRuleFile(Strict):
    base: Literal["net", "gross", "stock_change"]
    source: str
    note: str | None = None
    assumption: bool = False


class CitedRuleFile(Strict):
    """A rule with one form in carboncalc's core so far; named, so a rule set states it."""

    rule: str
    source: str
    note: str | None = None
    assumption: bool = False


class LeakageDefaultRuleFile(CitedRuleFile):
    rule: Literal["pooled_by_methodology"]


class NegativeVintagesRuleFile(CitedRuleFile):
    rule: Literal["carry_forward"]


class ReversalsRuleFile(CitedRuleFile):
    rule: Literal["cancel_buffer"]


class RoundingRuleFile(CitedRuleFile):
    rule: Literal["floor_per_vintage"]


class BufferAccountRuleFile(CitedRuleFile):
    rule: Literal["project", "pooled"]


class ExcessIssuanceRuleFile(CitedRuleFile):
    rule: Literal["compensation", "uncertainty_buffer"]


class RuleSetFile(Strict):
    label: str
    uncertainty: UncertaintyRuleFile
    buffer: BufferRuleFile
    leakage_default: LeakageDefaultRuleFile
    negative_vintages: NegativeVintagesRuleFile
    reversals: ReversalsRuleFile
    buffer_account: BufferAccountRuleFile
    excess_issuance: ExcessIssuanceRuleFile | None = None
    rounding: RoundingRuleFile


class RulesFile(Strict):
    default: str
    by_methodology: dict[str, str] = Field(default_factory=dict)
    sets: dict[str, RuleSetFile]

    @model_validator(mode="after")
    def _names_exist(self) -> RulesFile:
        for name in (self.default, *self.by_methodology.values()):
            if name not in self.sets:
                raise ValueError(f"rule set {name!r} is not in `sets`")
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


def load_rule_set(name: str | None, methodology: str | None = None) -> RuleSet:
    """A credit rule set by name; where None, the one the methodology's standard uses, else the
    default. As plain values for the core."""
    from carboncalc.core.inputs import RuleSet

    rules = load_reference("rules", RulesFile)
    chosen = name or rules.by_methodology.get(methodology or "", rules.default)
    if chosen not in rules.sets:
        known = ", ".join(sorted(rules.sets))
        raise ProjectFileError([Problem(f"no rule set {chosen!r} (rule sets: {known})")])
    found = rules.sets[chosen]
    u, b, account = found.uncertainty, found.buffer, found.buffer_account
    excess = found.excess_issuance
    return RuleSet(
        name=chosen,
        label=found.label,
        uncertainty_rule=u.rule,
        threshold_pct=u.threshold_pct,
        uncertainty_base=u.base,
        buffer_base=b.base,
        uncertainty_source=_cited(u.source, u.note, u.assumption),
        buffer_source=_cited(b.source, b.note, b.assumption),
        buffer_account=account.rule,
        excess_route=(
            (excess.rule, _cited(excess.source, excess.note, excess.assumption))
            if excess is not None
            else None
        ),
        uncertainty_per_year_source=(
            _cited(u.per_year.source, u.per_year.note, u.per_year.assumption)
            if u.per_year is not None
            else None
        ),
        other_rules=tuple(
            (what, rule.rule, _cited(rule.source, rule.note, rule.assumption))
            for what, rule in (
                ("leakage default", found.leakage_default),
                ("negative vintages", found.negative_vintages),
                ("reversals", found.reversals),
                ("buffer account", found.buffer_account),
                *((("excess issuance", excess),) if excess is not None else ()),
                ("rounding", found.rounding),
            )
        ),
    )


def methodology_rule_set(methodology: str | None) -> str | None:
    """The rule set of the standard a methodology belongs to, where carboncalc knows it."""
    return load_reference("rules", RulesFile).by_methodology.get(methodology or "")


def _cited(source: str, note: str | None, assumption: bool) -> str:
    return source + (f"; {note}" if note else "") + ("; ASSUMPTION" if assumption else "")


# --- independent evidence (evidence.yaml) and Tier 1 densities (densities.yaml) ---------------


class CitedNumber(Strict):
    value: Number = Field(gt=0)
    low: Number | None = None
    high: Number | None = None
    source: str
    note: str | None = None
    assumption: bool = False


class DensitiesFile(Strict):
    sources: dict[str, Source]
    forest_type: str
    carbon_fraction: CitedNumber
    root_to_shoot: CitedNumber
    above_ground_t_dm_per_ha: dict[str, CitedNumber]


class SpreadFile(Strict):
    """The controls' rate over the runs that passed an evaluation's checks, fractions per year."""

    count: Count = Field(ge=1)
    min: Number = Field(ge=0, le=1)
    p5: Number = Field(ge=0, le=1)
    p95: Number = Field(ge=0, le=1)
    max: Number = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> SpreadFile:
        if not self.min <= self.p5 <= self.p95 <= self.max:
            raise ValueError(f"expected min <= p5 <= p95 <= max, got {self.min:g}, "
                             f"{self.p5:g}, {self.p95:g}, {self.max:g}")  # fmt: skip
        return self


class RatesFile(Strict):
    control: Number = Field(ge=0, le=1, description="Fraction per year.")
    project: Number = Field(ge=0, le=1, description="Fraction per year.")
    run: str | None = None
    specification: str | None = None
    control_over_specifications: SpreadFile | None = None

    @model_validator(mode="after")
    def _among_the_runs(self) -> RatesFile:
        s = self.control_over_specifications
        if s is not None and not s.min <= self.control <= s.max:
            raise ValueError(f"the run's control rate {self.control:g} is outside the runs' "
                             f"range {s.min:g}-{s.max:g}")  # fmt: skip
        return self


class EvaluationFile(Strict):
    id: str
    source: str
    label: str
    what: str
    over_specifications: str | None = None
    unit: Literal["fraction/yr"]
    rates: dict[str, RatesFile]


class EvidenceClaimFile(Strict):
    """A claimed figure as its source states it: avoided emissions over a span of years."""

    project: str
    avoided_tco2e: Number = Field(gt=0)
    first_year: Count = Field(ge=1950, le=2100)
    last_year: Count = Field(ge=1950, le=2100)
    quote: str | None = None
    source: str
    note: str | None = None

    @model_validator(mode="after")
    def _span(self) -> EvidenceClaimFile:
        if self.last_year < self.first_year:
            raise ValueError(f"last_year {self.last_year} is before first_year {self.first_year}")
        return self


class EvidenceProjectFile(Strict):
    name: str
    country: str
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    iso2: str = Field(pattern=r"^[A-Z]{2}$")
    continent: str
    start_year: Count = Field(ge=1950, le=2100)
    area_ha: Number = Field(gt=0)
    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)
    tier1_region: str
    source: str


class EvidenceFile(Strict):
    sources: dict[str, Source]
    evaluations: list[EvaluationFile]
    claims: list[EvidenceClaimFile]
    projects: dict[str, EvidenceProjectFile]

    @model_validator(mode="after")
    def _references(self) -> EvidenceFile:
        for e in self.evaluations:
            unknown = sorted(set(e.rates) - set(self.projects))
            if unknown:
                raise ValueError(f"evaluation {e.id!r} has rates for unlisted projects {unknown}")
        cited = [e.source for e in self.evaluations] + [c.source for c in self.claims]
        cited += [p.source for p in self.projects.values()]
        missing = sorted(set(cited) - set(self.sources))
        if missing:
            raise ValueError(f"sources cited but not listed: {missing}")
        strays = sorted({c.project for c in self.claims} - set(self.projects))
        if strays:
            raise ValueError(f"claims for unlisted projects {strays}")
        return self


def _citation(sources: dict[str, Source], sid: str) -> str:
    s = sources[sid]
    where = ", ".join(str(x) for x in (s.publisher, s.year) if x is not None)
    return " ".join(x for x in (s.title, f"({where})" if where else "", s.url or "") if x)


def load_evidence() -> Any:
    """The bundled evidence set and Tier 1 densities, as plain values for the core
    (:class:`carboncalc.core.evidence.EvidenceSet`)."""
    from carboncalc.core.evidence_inputs import (
        Claim,
        Evaluation,
        EvidenceProject,
        EvidenceSet,
        Rates,
        Spread,
        Tier1Density,
    )

    def rates(r: RatesFile) -> Rates:
        s = r.control_over_specifications
        spread = None if s is None else Spread(s.count, s.min, s.p5, s.p95, s.max)
        return Rates(r.control, r.project, spread, r.run, r.specification)

    found = load_reference("evidence", EvidenceFile)
    d = load_reference("densities", DensitiesFile)
    cf, rs = d.carbon_fraction, d.root_to_shoot
    densities = {}
    for region, agb in d.above_ground_t_dm_per_ha.items():
        how = "; ".join(
            f"{what} {q.value:g} [{_cited(q.source, q.note, q.assumption)}]"
            for what, q in (("above-ground biomass t dm/ha", agb), ("root-to-shoot", rs),
                            ("carbon fraction", cf))
        )  # fmt: skip
        densities[region] = Tier1Density(region, agb.value, rs.value, cf.value, how)
    unknown = {p.tier1_region for p in found.projects.values()} - set(densities)
    if unknown:
        raise ProjectFileError([Problem(f"evidence.yaml: no Tier 1 density for {sorted(unknown)}")])
    return EvidenceSet(
        projects={
            pid: EvidenceProject(
                id=pid,
                name=p.name,
                country=p.country,
                iso3=p.iso3,
                iso2=p.iso2,
                continent=p.continent,
                start_year=p.start_year,
                area_ha=p.area_ha,
                tier1_region=p.tier1_region,
                source=_citation(found.sources, p.source),
            )
            for pid, p in found.projects.items()
        },
        evaluations=tuple(
            Evaluation(
                id=e.id,
                label=e.label,
                what=e.what,
                source=_citation(found.sources, e.source),
                rates={pid: rates(r) for pid, r in e.rates.items()},
                url=found.sources[e.source].url,
                over_specifications=e.over_specifications,
            )
            for e in found.evaluations
        ),
        claims=tuple(
            Claim(
                project=c.project,
                avoided_tco2e=c.avoided_tco2e,
                first_year=c.first_year,
                last_year=c.last_year,
                what=f"{c.avoided_tco2e:,.0f} t CO2e over {c.first_year}-{c.last_year}"
                + (f' ("{c.quote}")' if c.quote else ""),
                source=_citation(found.sources, c.source) + (f"; {c.note}" if c.note else ""),
            )
            for c in found.claims
        ),
        densities=densities,
        forest_type=d.forest_type,
    )
