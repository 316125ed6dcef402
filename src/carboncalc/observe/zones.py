"""Zones drawn around a boundary: the ring of a stated width outside it.

A ring around a project is where leakage, or the deforestation a project's forest would have
shared with its surroundings, is watched. It is drawn in metres, not degrees: the boundary is
carried into an azimuthal equidistant projection centred on its own centroid (distances from
the centre are true; elsewhere a length is off by about (d/R)²/6, 1e-5 at d = 50 km, R the
Earth's radius), buffered there by the width, the boundary taken out, and carried back to
longitude and latitude with rasterio (GDAL/PROJ). A boundary across the antimeridian, or one
wider than a few hundred kilometres, is not a case this is made for.

References
----------
Snyder, J. P. 1987. Map Projections: A Working Manual. U.S. Geological Survey Professional
Paper 1395, the azimuthal equidistant projection. doi:10.3133/pp1395
"""

from __future__ import annotations

from typing import Any

from rasterio.crs import CRS
from rasterio.warp import transform_geom
from shapely.geometry import mapping, shape

from carboncalc.errors import ProjectFileError

LONLAT = CRS.from_epsg(4326)


def local_crs(geometry: Any) -> CRS:
    """The azimuthal equidistant projection [m] on WGS84 centred on the geometry's centroid."""
    centre = geometry.centroid
    return CRS.from_proj4(
        f"+proj=aeqd +lat_0={centre.y!r} +lon_0={centre.x!r} +datum=WGS84 +units=m +no_defs"
    )


def ring(geometry: Any, width_m: float) -> Any:
    """The zone within ``width_m`` [m] of the boundary ``geometry`` (longitude and latitude,
    EPSG:4326) and outside it, in longitude and latitude: a Polygon or MultiPolygon."""
    if not width_m > 0:
        raise ProjectFileError(f"a ring of width {width_m:g} m: give a width above 0 m")
    west, _, east, _ = geometry.bounds
    if east - west > 180:
        raise ProjectFileError(
            "a boundary across the antimeridian (±180°) gets no ring: give --control FILE, or "
            "--ring 0"
        )
    local = local_crs(geometry)
    projected = shape(transform_geom(LONLAT, local, mapping(geometry)))
    zone = projected.buffer(width_m, quad_segs=16).difference(projected)
    return shape(transform_geom(local, LONLAT, mapping(zone)))
