"""The report's headline picture: the forest under the baseline, the project and the
counterfactual, year by year, with their 90 % intervals (:mod:`carboncalc.core.forest`)."""

from __future__ import annotations

from dataclasses import dataclass

from carboncalc.core.forest import ForestPaths, forest_paths
from carboncalc.files.loading import LoadedProject


@dataclass(frozen=True)
class ForestReport:
    loaded: LoadedProject
    forest: ForestPaths


def forest_report(loaded: LoadedProject, *, samples: int, seed: int) -> ForestReport:
    """The forest paths of a project with deforestation rates and a period; its intervals from
    the same number of samples and seed as the report's Monte Carlo."""
    return ForestReport(loaded, forest_paths(loaded.inputs, samples=samples, seed=seed))
