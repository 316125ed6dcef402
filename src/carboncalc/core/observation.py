"""What satellite rasters show over a project's boundary and a comparison zone: plain values.

``carboncalc observe`` measures these with the optional raster extra (:mod:`carboncalc.observe`);
they are plain numbers here, so that the reports and the renderer, which never load a raster
library, can show them, and so that the measurement of one project can travel between
processes or machines.

The loss is forest loss as the dataset defines it (for the Global Forest Change maps, tree
cover loss on pixels whose canopy cover in 2000 met the threshold); a year without loss is a
year of 0 ha, not a year missing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ForestChange:
    """What the tree cover and loss layers say over one zone [ha]."""

    threshold_pct: float  # canopy cover at or above which a pixel is forest
    boundary_area_ha: float  # the pixels inside the zone
    forest_at_start_ha: float  # forest in the dataset's first year
    non_forest_ha: float
    loss_ha_by_year: Mapping[int, float]  # forest lost, by year; years with loss
    coverage_fraction: float  # of the zone the rasters cover (1 when measured)

    @property
    def forest_never_lost_ha(self) -> float:
        return self.forest_at_start_ha - math.fsum(self.loss_ha_by_year.values())

    def loss_series(self, first: int, last: int) -> list[tuple[int, float]]:
        """Each year from ``first`` to ``last`` with its loss [ha], 0 where none was seen."""
        return [(year, self.loss_ha_by_year.get(year, 0.0)) for year in range(first, last + 1)]

    def mean_loss_fraction_per_yr(self, first: int, last: int) -> float:
        """The mean yearly loss over the years as a share of the forest at the start [1/yr]
        (a linear rate; 0 where there is no forest)."""
        if self.forest_at_start_ha <= 0:
            return 0.0
        lost = math.fsum(ha for _, ha in self.loss_series(first, last))
        return lost / (last - first + 1) / self.forest_at_start_ha


@dataclass(frozen=True)
class FileDigest:
    """A file measured: its name as given, what it is, and its SHA-256."""

    name: str
    role: str  # the layer (``lossyear``), ``boundary`` or ``control``
    sha256: str


@dataclass(frozen=True)
class Zone:
    """One zone measured: the project (``project``), the ring around it (``ring``) or a
    control polygon given (``control``)."""

    kind: str
    description: str
    change: ForestChange


@dataclass(frozen=True)
class Observation:
    """One project measured on one dataset."""

    project: str
    dataset: str  # its id in carboncalc's dataset citations (``hansen-gfc``)
    version: str | None  # as the file names state it (``GFC-2023-v1.11``), else None
    first_year: int  # of loss
    last_year: int
    zones: tuple[Zone, ...]
    files: tuple[FileDigest, ...]
    raster_crs: str
    ring_width_km: float | None  # where the comparison zone is a ring

    def zone(self, kind: str) -> Zone | None:
        return next((z for z in self.zones if z.kind == kind), None)
