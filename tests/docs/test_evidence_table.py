"""The table of the 40 evaluated projects in docs/evidence.md is what `carboncalc evidence -f
json` prints, laid out for reading (issue 25): it is compared with the command's output, and
CARBONCALC_UPDATE_DOCS=1 rewrites it, as the pages' examples are (tests/docs/test_examples.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from carboncalc.cli import app

PAGE = Path(__file__).parents[2] / "docs" / "evidence.md"
BEGIN, END = "<!-- evidence table begins -->", "<!-- evidence table ends -->"
HEADER = [
    "| # | id | project | country | start | area ha | controls %/yr | specs %/yr | project %/yr "
    "| avoided ha/yr | t CO2/ha | avoided t CO2e/yr |",
    "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
]


def short(name: str) -> str:
    """A name of at most 47 characters, else its first 46 (less a space at their end) and an
    ellipsis."""
    return name if len(name) <= 47 else name[:46].rstrip() + "\u2026"


def row(r: dict[str, object]) -> str:
    def pct(key: str) -> str:
        return f"{r[key]:.4f}"

    density = f"{r['density_tco2_per_ha']:.0f}" + ("*" if r["density_assumed"] else "")
    avoided = r["avoided_tco2e_per_yr"]
    tonnes = f"{avoided:,.0f}" if r["verdict"] == "fewer losses than controls" else "none"
    specs = "-".join(pct(f"specifications_control_{end}_pct_per_yr") for end in ("p5", "p95"))
    cells = [
        *(str(r[key]) for key in ("rank", "id")),
        short(str(r["name"])),
        *(str(r[key]) for key in ("iso3", "start_year")),
        f"{r['area_ha']:,.0f}",
        pct("control_pct_per_yr"),
        specs,
        pct("project_pct_per_yr"),
        f"{r['avoided_ha_per_yr']:,.1f}",
        density,
        tonnes,
    ]
    return "| " + " | ".join(cells) + " |"


def table(document: dict[str, object]) -> list[str]:
    rows = document["rows"]
    assert isinstance(rows, list)
    total = float(document["total_avoided_tco2e_per_yr"])  # type: ignore[arg-type]
    return [
        f"Total: {total / 1e6:.2f} Mt CO2e/yr avoided over the {len(rows)} projects; `*` a "
        "Tier 1 default density (an assumption).",
        "",
        *HEADER,
        *(row(r) for r in rows),
    ]


def test_the_evidence_table_is_what_carboncalc_prints() -> None:
    result = CliRunner().invoke(app, ["evidence", "-f", "json"])
    assert result.exit_code == 0, result.output
    want = table(json.loads(result.stdout))
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start, end = lines.index(BEGIN) + 1, lines.index(END)
    if os.environ.get("CARBONCALC_UPDATE_DOCS"):
        lines[start:end] = want
        PAGE.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start, end = start, start + len(want)
    assert lines[start:end] == want


def test_a_row_reads_as_the_publication_gives_it() -> None:
    """Alto Mayo (VCS 944) by hand: controls 0.0844 and project 0.0889 %/yr over 178,704 ha
    give -8.2 ha/yr, so none avoided; its own density, 317 t CO2/ha, unmarked."""
    alto_mayo = {"rank": 36, "id": "944", "name": "Alto Mayo Conservation Initiative",
                 "iso3": "PER", "start_year": 2007, "area_ha": 178703.954625,
                 "control_pct_per_yr": 0.0843684087180689,
                 "project_pct_per_yr": 0.08893086215716366,
                 "specifications_control_p5_pct_per_yr": 0.09144440822463758,
                 "specifications_control_p95_pct_per_yr": 0.1530088457016516,
                 "avoided_ha_per_yr": 178703.954625 * (0.0843684087180689 -
                                                       0.08893086215716366) / 100,
                 "density_tco2_per_ha": 317.3518333333333, "density_assumed": False,
                 "avoided_tco2e_per_yr": 0.0, "verdict": "worse than controls"}  # fmt: skip
    assert row(alto_mayo) == (
        "| 36 | 944 | Alto Mayo Conservation Initiative | PER | 2007 | "
        "178,704 | 0.0844 | 0.0914-0.1530 | 0.0889 | -8.2 | 317 | none |"
    )
    assert short("x" * 47) == "x" * 47 and short("x" * 48) == "x" * 46 + "\u2026"
    assert short("x" * 45 + " and more") == "x" * 45 + "\u2026"
