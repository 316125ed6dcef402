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
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ForestChange:
    """Forest and its loss over one zone [ha], as a dataset defines them: tree cover loss on
    forest (Global Forest Change), or deforestation with degradation apart (JRC TMF)."""

    threshold_pct: float | None  # canopy cover at or above which a pixel is forest, if any
    boundary_area_ha: float  # the pixels inside the zone
    forest_at_start_ha: float  # forest in the dataset's first year
    non_forest_ha: float
    loss_ha_by_year: Mapping[int, float]  # forest lost, by year; years with loss
    coverage_fraction: float  # of the zone the rasters cover (1 when measured)
    degradation_ha_by_year: Mapping[int, float] = field(default_factory=dict)  # where measured

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
class BiomassLost:
    """Above-ground biomass [Mg/ha, dry matter] of the forest pixels lost inside the boundary
    in some years, from a biomass map and its standard deviation."""

    first_year: int
    last_year: int
    area_ha: float  # of the pixels lost
    pixel_count: int
    cell_count: int  # the biomass map's cells they fall in
    agb_mean_mg_per_ha: float | None  # area-weighted; None where nothing was lost
    agb_spatial_sd_mg_per_ha: float | None  # the spread among the pixels
    agb_sd_mean_mg_per_ha: float | None  # the map's own SD, area-weighted mean


@dataclass(frozen=True)
class Allocation:
    """The deforestation a jurisdiction's allocated risk map gives a boundary [ha/yr]."""

    baseline_ha_per_yr: float
    boundary_area_ha: float
    pixel_count: int
    coverage_fraction: float


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
    """One project measured on one dataset: forest and loss in zones, or (an allocated risk
    map) the allocation, with no zone."""

    project: str
    dataset: str  # its id in carboncalc's dataset citations (``hansen-gfc``)
    version: str | None  # as the file names state it (``GFC-2023-v1.11``), else None
    first_year: int  # of loss
    last_year: int
    zones: tuple[Zone, ...]
    files: tuple[FileDigest, ...]
    raster_crs: str
    ring_width_km: float | None  # where the comparison zone is a ring
    biomass: BiomassLost | None = None  # where a biomass map was given
    allocation: Allocation | None = None  # an allocated risk map, in place of zones

    def zone(self, kind: str) -> Zone | None:
        return next((z for z in self.zones if z.kind == kind), None)

    def comparison_scale(self, zone: Zone) -> float | None:
        """What a zone's loss [ha] is multiplied by to stand for the project's forest: 1 for
        the project's own; for a comparison zone, the project's forest at the start over the
        zone's [ha/ha], so that it clears the project's forest at the zone's yearly share (None
        where the zone has no forest)."""
        if zone.kind == "project":
            return 1.0
        inside = self.zone("project")
        if inside is None or zone.change.forest_at_start_ha <= 0:
            return None
        return inside.change.forest_at_start_ha / zone.change.forest_at_start_ha
