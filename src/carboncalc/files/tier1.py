"""IPCC Tier 1 defaults from a country, for ``carboncalc new NAME --country CC``.

A country (ISO 3166-1 alpha-2) gives its IPCC Tier 1 region by ``factors/regions.yaml`` (its
continent by the UN's M49 standard; for Asia, continental or insular by carboncalc's reading),
and the region the above-ground density of IPCC 2006 Vol. 4 Table 4.7's tropical rain forest
row by ``factors/densities.yaml``. Both tables cite their sources; the density written is marked
an assumption, for it is a guess from the country, the forest type with it.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import model_validator

from carboncalc.errors import CarboncalcError, Problem
from carboncalc.files.quantities import Source, Strict

IPCC = "ipcc-2006-v4-ch4"  # the densities' source id, as densities.yaml names it


class CountryRegionFile(Strict):
    name: str
    iso3: str
    continent: Literal["Africa", "Americas", "Asia", "Oceania"]
    tier1_region: str
    assumption: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _read_or_given(self) -> CountryRegionFile:
        """Africa's and the Americas' row is their M49 region's; any other is a reading."""
        given = self.continent.lower() if self.continent in ("Africa", "Americas") else None
        if given is not None and self.tier1_region != given:
            raise ValueError(f"a country of {self.continent} has the {given} row")
        if given is None and not (self.assumption and self.note):
            raise ValueError("a row M49 does not give is an assumption, with a note")
        return self


class RegionsFile(Strict):
    sources: dict[str, Source]
    continent_source: str
    codes_source: str
    countries: dict[str, CountryRegionFile]


def country_regions() -> RegionsFile:
    """The shipped country -> Tier 1 region table."""
    from carboncalc.files.factors import load_reference

    return load_reference("regions", RegionsFile)


def tier1_region(codes: list[str]) -> tuple[list[str], str]:
    """The countries (upper-cased) and their one Tier 1 region; an unknown code, or countries
    of more than one region, is a problem for each."""
    import difflib

    from carboncalc.files.factors import DensitiesFile, load_reference

    table = country_regions().countries
    forest = load_reference("densities", DensitiesFile).forest_type
    problems, found = [], []
    for given in codes:
        code = given.strip().upper()
        if code in table:
            found.append(code)
            continue
        by_name = {c.name.upper(): k for k, c in table.items()}
        by_name.update({c.iso3: k for k, c in table.items()})
        close = [by_name[n] for n in difflib.get_close_matches(code, list(by_name), n=3)]
        hint = f"; did you mean {', '.join(dict.fromkeys(close))}?" if close else ""
        problems.append(Problem(
            f"--country {given}: carboncalc has no IPCC Tier 1 region for this country: its "
            f"default densities are for {forest} only, so it maps the tropical countries by "
            f"their ISO 3166-1 alpha-2 code (such as PE, CD, ID){hint}"))  # fmt: skip
    regions = {code: table[code].tier1_region for code in found}
    if not problems and len(set(regions.values())) > 1:
        each = ", ".join(f"{code}: {region}" for code, region in regions.items())
        problems.append(Problem(
            f"--country: the countries lie in more than one IPCC Tier 1 region ({each}); "
            "name the countries of one, and give the density of the others by hand"))  # fmt: skip
    if problems:
        raise CarboncalcError(problems)
    codes_found = list(dict.fromkeys(found))
    return codes_found, regions[codes_found[0]]


def country_blocks(codes: list[str]) -> dict[str, str]:
    """The parts of a new project file that a country fills: its ``countries`` line, the IPCC
    source, and the pools (an above-ground density in t dm/ha with its range, carbon fraction
    and root-to-shoot ratio, each citing IPCC 2006 Vol. 4)."""
    from carboncalc.files.factors import DensitiesFile, load_reference

    countries, region = tier1_region(codes)
    densities = load_reference("densities", DensitiesFile)
    agb = densities.above_ground_t_dm_per_ha[region]
    s = densities.sources[IPCC]
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    row = (agb.note or "").split(";")[0]  # "Table 4.7, tropical rain forest, Africa"
    named = "the countries" if len(countries) > 1 else "the country"
    table = country_regions().countries
    read = [f"{code}, {table[code].note}" for code in countries if table[code].assumption]
    reading = f"; the row is carboncalc's reading ({'; '.join(read)})" if read else ""
    note = (f"IPCC Tier 1 default, {row}: a guess from {named} ({', '.join(countries)}), "
            f"the forest type with it{reading}; replace with the project's inventory")  # fmt: skip
    cf, rs = densities.carbon_fraction, densities.root_to_shoot
    return {
        "countries": f"[{', '.join(countries)}]",
        "ipcc_source": f"""  {IPCC}:
    title: {q(s.title)}
    publisher: {q(s.publisher)}
    year: {s.year}
    url: {q(s.url)}
""",
        "pools": f"""    above_ground:
      value: {agb.value:g}
      low: {agb.low:g}
      high: {agb.high:g}
      unit: t dm/ha
      carbon_fraction:
        value: {cf.value:g}
        source: {IPCC}
        note: {q(cf.note or "")}
      source: {IPCC}
      assumption: true
      note: {q(note)}
    below_ground:
      root_to_shoot:
        value: {rs.value:g}
        source: {IPCC}
        note: {q(rs.note or "")}
""",
    }
