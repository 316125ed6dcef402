"""The report's ends: the methods written for readers (what carboncalc computes, and from which
publications), and who made the report, when and how to make it again (each input file's
SHA-256, the command, carboncalc's version and the seed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from carboncalc import __version__
from carboncalc.render.documentkit import Block
from carboncalc.render.inputs import source_text

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.check import CheckResult
    from carboncalc.reports.credits import CreditsReport
    from carboncalc.reports.projects import EmissionsReport


@dataclass(frozen=True)
class Made:
    """How a report was made: what the command line knows and the document shows at its end."""

    date: str  # ISO 8601, the day it was written (SOURCE_DATE_EPOCH's, where that is set)
    command: str  # the command that makes it again, as typed from the project's folder
    files: tuple[tuple[str, str], ...]  # each input file as shown, with its SHA-256
    samples: int
    seed: int
    version: str = __version__


def byline(loaded: LoadedProject) -> str:
    """The author and organisation the project file names (`report:`), or ""."""
    by = loaded.project.report
    if by is None:
        return ""
    return ", ".join(x for x in (by.author, by.organisation) if x)


def made_section(loaded: LoadedProject, made: Made) -> list[Block]:
    """Who made the report, when, from which files and how: enough to make it again."""
    rows = [("project", loaded.title)]
    if byline(loaded):
        rows.append(("by", byline(loaded)))
    rows += [("date", made.date), ("made with", f"carboncalc {made.version}"),
             ("command", made.command),
             ("Monte Carlo", f"{made.samples:,} samples, seed {made.seed}"
              if loaded.inputs.uncertain() else "none: no input has a range")]  # fmt: skip
    if loaded.overrides:
        rows.append(("what-if", ", ".join(o.text for o in loaded.overrides)))
    rows += [(f"SHA-256 of {name}", digest) for name, digest in made.files]
    return [Block("h2", "Identity and reproducibility"),
            Block("p", f"The same command, run with carboncalc {made.version} on files with "
                       "these SHA-256 digests, gives the same figures."),
            Block("table", header=("", ""), rows=tuple(rows))]  # fmt: skip


def methods_intro(
    loaded: LoadedProject,
    emissions: EmissionsReport | None,
    credits: CreditsReport | None,
    check: CheckResult,
) -> list[Block]:
    """What carboncalc computes, in words, before the rules each result module states."""
    said = ["The carbon stock is the forest's area times each carbon pool's density (given per "
            "hectare, as biomass with a carbon fraction, or as a stock for the whole area), "
            "converted to CO2 at 44/12 t CO2 per t C (IPCC 2006 Guidelines, Vol. 4)."]  # fmt: skip
    if emissions is not None:
        said.append("Each year, the forest cleared under the baseline and with the project is "
                    "the year's rate applied to the forest left (or to the forest at the start, "
                    "as the file says); the emissions are the hectares cleared times the carbon "
                    "they held, released at once or over the years after clearing. Avoided "
                    "emissions are the baseline's less the project's.")  # fmt: skip
    if check.counterfactual is not None:
        said.append("The counterfactual is the same computation with the deforestation rate "
                    "of matched forests outside the project in place of the baseline's: what "
                    "independent evidence says the project would have lost "
                    "without it.")  # fmt: skip
    if check.claims:
        said.append("Each published claim is recomputed from the same inputs; it holds when "
                    "carboncalc's figure is within its tolerance, by default half a unit in the "
                    "last digit it was published to (6.2 Mt: 0.05 Mt, 0.81 %).")  # fmt: skip
    out = [Block("h3", "What carboncalc computes"), Block("p", " ".join(said))]
    if credits is not None:
        out.append(Block("p", f"Credits follow {credits.rule_set.label} as carboncalc reads it: "
                              "leakage, the uncertainty deduction and the buffer for "
                              "non-permanence are taken from the avoided emissions vintage by "
                              "vintage, each rule as the table below states it with its "
                              "publication."))  # fmt: skip
    return out


def sources_table(loaded: LoadedProject) -> list[Block]:
    """The publications the file's values cite, with their addresses."""
    p = loaded.project
    rows = tuple((sid, source_text(p, sid) + (f", {s.url}" if s.url else ""))
                 for sid, s in p.sources.items())  # fmt: skip
    if not rows:
        return []
    return [Block("h3", "Sources"), Block("table", header=("id", "publication"), rows=rows)]
