"""The output contracts: a JSON Schema of each command's JSON document.

``carboncalc schema --command COMMAND`` prints one. They are written here, field by field, apart
from the code that builds the documents (each result's record, in its module), so that a test
which validates real output against them checks the one against the other. Top-level fields are
closed (a field added without its contract fails the test); nested objects that hold sources or
rules are open.
"""

from __future__ import annotations

from carboncalc.render.recordkit import SCHEMA_VERSION
from carboncalc.render.schemakit import (
    BOOL,
    INT,
    NUM,
    OBJ,
    STR,
    Schema,
    arr,
    fields,
    obj,
    opt,
    problems,
)

__all__ = ["ALIASES", "BODIES", "OPTIONAL", "output_schema", "problems"]

OVERRIDE = obj(field=STR, value={}, unit=opt(STR), set=STR, spread=opt(STR))
ABOUT_A_PROJECT = {"project": STR, "name": STR, "file": STR}
WHAT_IF = {"scenario": opt(STR), "overrides": arr(OVERRIDE)}
CLAIM = obj(claim=STR, measure=STR, case=STR, claimed=NUM, derived=opt(NUM), unit=STR,
            difference_pct=opt(NUM), tolerance_pct=NUM, verdict={"enum": ["holds", "fails",
            "unchecked"]}, interval_p5=opt(NUM), interval_p95=opt(NUM),
            within_interval=opt(BOOL), how=STR,
            implied=arr(obj(key=STR, what=STR, value=NUM, unit=STR)), assumptions=arr(STR),
            expected=BOOL, expect=opt(obj(verdict={"enum": ["fails"]}, reason=STR)))  # fmt: skip
SUMMARY = opt(obj(mean=NUM, median=NUM, p5=NUM, p95=NUM, half_width_pct=opt(NUM)))
MC = opt(obj(mean=NUM, median=NUM, p5=NUM, p95=NUM))  # a Monte Carlo's figure, as asdict gives
FILE = obj(name=STR, role=STR, sha256=STR)  # a file measured, with its SHA-256
ZONE = obj(
    kind=STR,
    description=STR,
    **fields(
        "zone_area_ha forest_at_start_ha non_forest_ha coverage_fraction loss_ha_total "
        "mean_loss_fraction_per_yr",
        NUM,
    ),
    loss_ha_by_year=OBJ,
    degradation_ha_by_year=opt(OBJ),
)
SPREAD = obj(mean=NUM, low=NUM, high=NUM)  # over a matching's repeats
SHARES = obj(year=INT, project=SPREAD, control=SPREAD, naive_control=NUM)
BALANCE = obj(name=STR, smd_before=NUM, smd_after=NUM)
EMISSION_YEAR_FIELDS = (
    "baseline_cleared_ha project_cleared_ha baseline_emissions_tco2e project_emissions_tco2e "
    "avoided_emissions_tco2e baseline_delayed_tco2e project_delayed_tco2e "
    "baseline_non_co2_tco2e project_non_co2_tco2e"
)
VINTAGE_FIELDS = (
    "gross_tco2e eligible_tco2e leakage_tco2e uncertainty_tco2e net_tco2e buffer_tco2e "
    "credits_exact_tco2e reversal_tco2e buffer_cancelled_tco2e buffer_balance_tco2e "
    "shortfall_tco2e unbacked_tco2e pool_covered_tco2e"
)
COMPARE_ROW = obj(
    label=STR,
    first_year=opt(INT),
    last_year=opt(INT),
    area_ha=NUM,
    forest_ha=opt(NUM),
    stock_tco2=NUM,
    avoided_tco2e=opt(NUM),
    credits=opt(INT),
    avoided_tco2e_per_yr=opt(NUM),
    avoided_tco2e_per_ha_per_yr=opt(NUM),
    credits_per_yr=opt(NUM),
    vehicles_per_yr=opt(NUM),
    uncertainty_pct=opt(NUM),
    rule_set=opt(STR),
    gwp=opt(STR),
)

# The fields of each command's document after the envelope, and whether it is about a project.
BODIES: dict[str, tuple[bool, dict[str, Schema]]] = {
    "list": (False, {"projects": arr(OBJ)}),
    "show": (True, {"inputs": OBJ, "evidence_counterfactual": opt(STR), "burning": opt(STR)}),
    "stock": (
        True,
        {
            "area_ha": NUM,
            "forest_ha": NUM,
            "pools": arr(
                obj(
                    pool=STR,
                    **fields("density_tc_per_ha density_tco2_per_ha stock_tc stock_tco2", NUM),
                    how=STR,
                )
            ),
            "total": obj(
                **fields("density_tc_per_ha density_tco2_per_ha stock_tc stock_tco2", NUM)
            ),
            "monte_carlo_tco2": MC,
            "fossil_reserves": arr(OBJ),
            "factors_version": opt(STR),
            "claims": arr(CLAIM),
        },
    ),
    "emissions": (
        True,
        {
            "case": {"enum": ["low", "central", "high"]},
            "first_year": INT,
            "last_year": INT,
            **fields(
                "emission_factor_tco2e_per_ha emitted_at_once_tco2e_per_ha non_co2_tco2e_per_ha",
                NUM,
            ),
            "burning": opt(STR),
            "emitted_over_years": arr(obj(tco2e_per_ha=NUM, years=INT)),
            "years": arr(
                obj(
                    year=INT,
                    **fields(EMISSION_YEAR_FIELDS, NUM),
                    baseline_forest_ha=NUM,
                    project_forest_ha=NUM,
                    cumulative_avoided_tco2e=NUM,
                    baseline_data={"enum": ["observed", "projected"]},
                    project_data={"enum": ["observed", "projected"]},
                )
            ),
            "totals": obj(**fields(EMISSION_YEAR_FIELDS, NUM)),
            "cases": {
                "type": "object",
                "additionalProperties": obj(
                    avoided_emissions_tco2e=NUM,
                    mean_avoided_emissions_tco2e_per_yr=NUM,
                    emission_factor_tco2e_per_ha=NUM,
                ),
            },
            "claims": arr(CLAIM),
            "monte_carlo_avoided_tco2e": MC,
        },
    ),
    "equivalents": (
        True,
        {
            "factors_version": STR,
            "factors_label": STR,
            "factors_source": OBJ,
            "equivalents": arr(OBJ),
            "not_available": arr(STR),
            "claims": arr(CLAIM),
            "claims_at_current_factors": arr(CLAIM),
        },
    ),
    "credits": (
        True,
        {
            "baseline": {"enum": ["project", "counterfactual"]},
            "vintage_kind": {"enum": ["projection", "calendar", "monitoring"]},
            "rule_set": OBJ,
            "rules": obj(leakage=OBJ, uncertainty=OBJ, buffer=OBJ),
            "vintages": arr(
                obj(
                    vintage=INT,
                    label=STR,
                    **fields(VINTAGE_FIELDS, NUM),
                    uncertainty_pct=NUM,
                    credits=INT,
                )
            ),
            "totals": obj(
                **fields(
                    VINTAGE_FIELDS.replace("credits_exact_tco2e", "")
                    + " issued_exact_tco2e credits_exact_tco2e",
                    NUM,
                ),
                issued=INT,
                unbacked_credits=INT,
                credits=INT,
            ),
            "counterfactual": opt(
                obj(
                    claimed_credits=INT,
                    supported_credits=INT,
                    claimed_uncertainty_pct=NUM,
                    supported_uncertainty_pct=NUM,
                    over_crediting_ratio=opt(NUM),
                    same_baseline=BOOL,
                    source=opt(STR),
                )
            ),
            "monte_carlo_avoided_tco2e": MC,
            "revenue": arr(OBJ),
            "ledger": OBJ,
        },
    ),
    "uncertainty": (
        True,
        {
            "samples": INT,
            "seed": INT,
            "baseline": {"enum": ["project", "counterfactual"]},
            "rule_set": opt(OBJ),
            "uncertain_inputs": arr(STR),
            "stock_tco2": SUMMARY,
            "avoided_tco2e": SUMMARY,
            "credits_exact_tco2e": SUMMARY,
        },
    ),
    "ledger": (
        True,
        {
            "export": obj(
                file=STR, kind={"enum": ["verra", "offsetsdb"]}, rows=INT, notes=arr(STR)
            ),
            "source": STR,
            "issued": INT,
            "retired": INT,
            "cancelled": INT,
            "vintages": arr(
                obj(
                    vintage=INT,
                    issued=INT,
                    retired=INT,
                    cancelled=INT,
                    active=INT,
                    retired_by=arr(obj(beneficiary=STR, retired=INT)),
                )
            ),
        },
    ),
    "check": (
        False,
        {
            "projects": arr(
                obj(
                    project=STR,
                    file=STR,
                    valid=BOOL,
                    problems=arr(
                        obj(
                            file=STR,
                            line=opt(INT),
                            column=opt(INT),
                            field=opt(STR),
                            message=STR,
                            text=STR,
                        )
                    ),
                    claims=arr(CLAIM),
                    counterfactual=opt(
                        obj(
                            source=opt(STR),
                            first_year=INT,
                            last_year=INT,
                            baseline_avoided_tco2e=NUM,
                            counterfactual_avoided_tco2e=NUM,
                            ratio=opt(NUM),
                            counterfactual_monte_carlo_tco2e=MC,
                        )
                    ),
                    placeholders=arr(obj(field=STR, file=STR, line=opt(INT), message=STR)),
                )
            ),
            "summary": obj(
                **fields(
                    "holds fails unchecked expected_fails unexpected_holds invalid_files "
                    "placeholders draft_files",
                    INT,
                )
            ),
            "exit_code": {"enum": [0, 1, 2]},
        },
    ),
    "compare": (
        False,
        {
            "rows": arr(COMPARE_ROW),
            "total": opt(COMPARE_ROW),
            "base_uncertainty_pct": opt(NUM),
            "mixed_periods": BOOL,
        },
    ),
    "sensitivity": (
        True,
        {
            "pct": opt(NUM),
            "rule_set": opt(OBJ),
            "base": obj(avoided_tco2e=NUM, credits=opt(INT)),
            "inputs": arr(
                obj(
                    input=STR,
                    **fields(
                        "low_value high_value avoided_low_tco2e "
                        "avoided_high_tco2e avoided_swing_tco2e",
                        NUM,
                    ),
                    **fields("credits_low credits_high credits_swing", opt(INT)),
                )
            ),
        },
    ),
    "rates": (
        False,
        {
            "unit": STR,
            "intervals": arr(
                obj(
                    **{"from": STR, "to": STR},
                    **fields(
                        "years area_from_ha area_to_ha fao_q puyravaud_r linear ha_per_yr", NUM
                    ),
                )
            ),
        },
    ),
    "evidence": (
        False,
        {
            "evaluation": obj(id=STR, label=STR, what=STR, source=STR),
            "units": obj(
                **fields(
                    "rates avoided_ha_per_yr density_tco2_per_ha avoided_tco2e_per_yr "
                    "specifications",
                    STR,
                )
            ),
            "country": opt(STR),
            "specifications": arr(obj(id=STR, label=STR, source=STR, runs=opt(STR))),
            "densities": arr(obj(tco2_per_ha=NUM, how=STR, assumed=BOOL, projects=arr(STR))),
            "rows": arr(
                obj(
                    rank=INT,
                    id=STR,
                    name=STR,
                    country=STR,
                    iso3=STR,
                    start_year=INT,
                    **fields(
                        "area_ha control_pct_per_yr project_pct_per_yr "
                        "difference_pct_per_yr avoided_ha_per_yr density_tco2_per_ha "
                        "avoided_tco2e_per_yr",
                        NUM,
                    ),
                    density_assumed=BOOL,
                    verdict={
                        "enum": [
                            "fewer losses than controls",
                            "no different from controls",
                            "worse than controls",
                        ]
                    },
                    claimed_tco2e_per_yr=opt(NUM),
                    claimed_over_evidence=opt(NUM),
                    specifications_evaluation=opt(STR),
                    specifications_count=opt(INT),
                    **fields(
                        "specifications_control_min_pct_per_yr "
                        "specifications_control_p5_pct_per_yr "
                        "specifications_control_p95_pct_per_yr "
                        "specifications_control_max_pct_per_yr "
                        "selected_run_control_pct_per_yr selected_run_project_pct_per_yr",
                        opt(NUM),
                    ),
                    control_within_specifications=opt(BOOL),
                    selected_run=opt(STR),
                    claim=opt(obj(as_stated=STR, source=STR)),
                )
            ),
            "total_avoided_tco2e_per_yr": NUM,
            "no_better_than_controls": arr(STR),
        },
    ),
    "did": (
        False,
        {
            "unit": STR,
            **fields(
                "project_before project_after control_before "
                "control_after project_change control_change did",
                NUM,
            ),
            "area_ha": opt(NUM),
            "years": opt(NUM),
            "effect_ha": opt(NUM),
        },
    ),
    "observe": (
        False,
        {
            "dataset": obj(id=STR, title=STR, citation=STR, user_guide=opt(OBJ), download=STR),
            "years": opt(obj(first=INT, last=INT)),
            "projects": arr(
                obj(
                    project=STR,
                    version=opt(STR),
                    threshold_pct=opt(NUM),
                    raster_crs=STR,
                    ring_width_km=opt(NUM),
                    zones=arr(ZONE),
                    allocation=opt(
                        obj(
                            baseline_ha_per_yr=NUM,
                            boundary_area_ha=NUM,
                            pixel_count=INT,
                            coverage_fraction=NUM,
                        )
                    ),
                    biomass_lost=opt(OBJ),
                    files=arr(FILE),
                    project_file_lines=STR,
                )
            ),
            "written": arr(STR),
            "notes": arr(STR),
        },
    ),
    "match": (
        False,
        {
            "dataset": obj(title=STR, citation=STR),
            "projects": arr(
                obj(
                    project=STR,
                    **fields("start_year last_year sample candidates repeats seed", INT),
                    **fields("project_forest_ha matched_fraction caliper naive_avoided_ha", NUM),
                    post=arr(SHARES),
                    pre=arr(SHARES),
                    balance=arr(BALANCE),
                    pre_balance=arr(BALANCE),
                    avoided_ha=SPREAD,
                    counterfactual_total=SPREAD,
                    did_per_yr=opt(SPREAD),
                    pre_gap_per_yr=opt(SPREAD),
                    covariates=arr(STR),
                    constant=arr(STR),
                    files=arr(FILE),
                    flagged=arr(STR),
                    pre_trends_differ=BOOL,
                    project_file_lines=STR,
                )
            ),
            "written": arr(STR),
            "notes": arr(STR),
        },
    ),
}
OPTIONAL = {"credits": {"ledger"}}  # fields present only when asked for (--ledger)
ALIASES = {"sweep": "compare"}  # commands whose document is another's


def output_schema(command: str) -> Schema:
    """The JSON Schema (draft 2020-12) of a command's JSON document."""
    name = ALIASES.get(command, command)
    about, body = BODIES[name]
    properties: dict[str, Schema] = {
        "carboncalc_version": STR,
        "schema_version": {"const": SCHEMA_VERSION},
        "command": {"const": name},
        **(ABOUT_A_PROJECT if about else {}),
        **body,
        **(WHAT_IF if about else {}),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"carboncalc {command} --format json",
        "type": "object",
        "properties": properties,
        "required": [k for k in properties if k not in OPTIONAL.get(name, set())],
        "additionalProperties": False,
    }
