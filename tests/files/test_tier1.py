"""The country -> IPCC Tier 1 region table (regions.yaml) against the evidence set and the
densities table: every evidence project's country is there with the region its row names."""

from __future__ import annotations

import pytest

from carboncalc.errors import CarboncalcError
from carboncalc.files.factors import DensitiesFile, EvidenceFile, load_reference
from carboncalc.files.tier1 import country_regions, tier1_region


def test_every_evidence_country_has_the_region_its_project_names() -> None:
    table = country_regions().countries
    projects = load_reference("evidence", EvidenceFile).projects
    assert projects
    for pid, p in projects.items():
        assert table[p.iso2].tier1_region == p.tier1_region, pid
        assert table[p.iso2].iso3 == p.iso3, pid


def test_every_region_is_a_row_of_the_densities_and_asia_is_a_reading() -> None:
    rows = load_reference("densities", DensitiesFile).above_ground_t_dm_per_ha
    regions = country_regions()
    assert regions.continent_source in regions.sources
    for code, c in regions.countries.items():
        assert len(code) == 2 and code.isupper() and len(c.iso3) == 3, code
        assert c.tier1_region in rows, code
        assert c.assumption == (c.continent not in ("Africa", "Americas")), code


@pytest.mark.parametrize(("codes", "region"), [
    (["SL"], "africa"), (["cd"], "africa"), (["EC", "PE"], "americas"),
    (["KH"], "asia_continental"), (["ID"], "asia_insular"), (["PG"], "asia_insular"),
])  # fmt: skip
def test_a_country_gives_its_region(codes: list[str], region: str) -> None:
    assert tier1_region(codes) == ([c.upper() for c in codes], region)


@pytest.mark.parametrize(("codes", "said"), [
    (["DE"], ["--country DE: carboncalc has no IPCC Tier 1 region"]),
    (["Peru"], ["did you mean PE?"]),
    (["XX", "FR"], ["--country XX:", "--country FR:"]),
    (["PE", "ID"], ["more than one IPCC Tier 1 region (PE: americas, ID: asia_insular)"]),
])  # fmt: skip
def test_an_unmapped_country_is_a_problem_each(codes: list[str], said: list[str]) -> None:
    with pytest.raises(CarboncalcError) as raised:
        tier1_region(codes)
    messages = [p.message for p in raised.value.problems]
    assert len(messages) == len(said)
    for message, part in zip(messages, said, strict=True):
        assert part in message
    if codes == ["DE"]:
        assert "tropical rain forest" in messages[0] and "did you mean" not in messages[0]
