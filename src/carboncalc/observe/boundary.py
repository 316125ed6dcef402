"""A project's boundary, from the GeoJSON or KML file its project file names.

The bytes come from the caller, who read them by the rules for files a project names
(:func:`carboncalc.files.projects.read_named_file`): nothing here opens a file. The result is a
shapely Polygon or MultiPolygon (holes kept) in longitude and latitude [degrees] on WGS84
(EPSG:4326), the only coordinates read for now; every problem is a :class:`ProjectFileError`
with one located line each: the file's name, and its line and column, or the place in the
GeoJSON (``features[2].geometry.coordinates[0][5]``) where there is no line to give.

GeoJSON is read as RFC 7946 writes it (Butler, H. et al. 2016, The GeoJSON Format, IETF RFC 7946,
doi:10.17487/RFC7946): a geometry, a Feature or a FeatureCollection, whose polygonal
geometries are the boundary; a ``crs`` member (from the 2008 format) naming another coordinate
system than longitude and latitude on WGS84 is kept, for the caller to carry the boundary from.
KML is read as OGC 07-147r2 writes it (OGC KML 2.2, 2008):
every ``Polygon``, whether alone or in a ``MultiGeometry``, with its ``outerBoundaryIs`` and
``innerBoundaryIs`` rings. A KML file is XML: one with a document type or an entity declaration
(``<!DOCTYPE``, ``<!ENTITY``), which can make a small file expand without end or read another
file, is refused before it is parsed, as is one that is not UTF-8.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from struct import error as struct_error
from typing import Any, Final
from xml.parsers import expat

import shapely
from shapely.geometry import MultiPolygon, Polygon

from carboncalc.errors import Problem, ProjectFileError, quote

MAX_VERTICES: Final = 1_000_000  # over every ring of the boundary
LONLAT: Final = "EPSG:4326"
# The names a GeoJSON ``crs`` member may give for longitude and latitude on WGS84.
LONLAT_CRS: Final = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "crs84",
    "epsg:4326",
    "urn:ogc:def:crs:epsg::4326",
}


def read_boundary(data: bytes, name: str) -> Polygon | MultiPolygon:
    """The boundary in the file ``name`` whose bytes are ``data``: KML when the name ends in
    ``.kml`` (or the bytes begin with ``<``), else GeoJSON; in longitude and latitude on WGS84
    (a GeoJSON boundary in another coordinate system is refused here: see
    :func:`read_boundary_crs`)."""
    geometry, crs = read_boundary_crs(data, name)
    if crs != LONLAT:
        raise _lonlat_only(crs, name)
    return geometry


def read_boundary_crs(data: bytes, name: str) -> tuple[Polygon | MultiPolygon, str]:
    """The boundary and its coordinate system: ``EPSG:4326`` (longitude and latitude on WGS84),
    or the name a GeoJSON ``crs`` member gives (``urn:ogc:def:crs:EPSG::32718``), which the
    caller checks and carries the boundary from."""
    text = _text(data, name)
    crs = LONLAT
    if name.lower().endswith(".kml") or text.lstrip("\ufeff \t\r\n").startswith("<"):
        geometry, line, field = _from_kml(text, name)
    else:
        geometry, line, field, crs = _from_geojson(text, name)
    checked = _checked(geometry, name, line, field)
    parts = checked.geoms if isinstance(checked, MultiPolygon) else [checked]
    for part in parts if crs == LONLAT else []:
        west, _, east, _ = part.bounds
        if east - west > 180:
            raise _refused(
                f"a polygon spans {east - west:.1f}° of longitude, from {west:g} to {east:g}: "
                "one across the antimeridian (±180°) is read the long way round; give it as "
                "two polygons split at 180° (a MultiPolygon)",
                name,
                line,
                field=field,
            )
    return checked, crs


def _lonlat_only(crs: str, name: str) -> ProjectFileError:
    return _refused(
        f"the boundary names the coordinate system {quote(crs)}; only longitude and latitude "
        "on WGS84 (EPSG:4326, as RFC 7946 requires) are read here",
        name,
        field="crs",
    )


class _Count:
    """The vertices read so far, refused past :data:`MAX_VERTICES`."""

    def __init__(self, name: str, *, lonlat: bool = True) -> None:
        self.lonlat = lonlat  # coordinates are longitude and latitude, checked for range
        self.name = name
        self.vertices = 0

    def add(self, n: int, line: int | None, field: str | None) -> None:
        self.vertices += n
        if self.vertices > MAX_VERTICES:
            raise _refused(
                f"more than {MAX_VERTICES:,} vertices in the boundary; simplify it first",
                self.name,
                line,
                field=field,
            )


def _refused(
    message: str,
    name: str,
    line: int | None = None,
    column: int | None = None,
    field: str | None = None,
) -> ProjectFileError:
    return ProjectFileError([Problem(message, name, line, column, field)])


def _text(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refused("not UTF-8 text (a boundary is a GeoJSON or KML file)", name, line) from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise _refused("a NUL character: not a GeoJSON or KML text file", name, line)
    return text


def _ring(
    points: list[tuple[float, float]],
    name: str,
    line: int | None,
    field: str | None,
    *,
    lonlat: bool = True,
) -> list[tuple[float, float]]:
    """A ring's vertices, checked: finite, longitude and latitude in range (where they are),
    at least four, closed."""
    for lon, lat in points:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise _refused("a coordinate is not a finite number", name, line, field=field)
        if lonlat and not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise _refused(
                f"({lon:g}, {lat:g}) is not a longitude and latitude in degrees (longitude "
                "-180..180, latitude -90..90): projected coordinates are not read, give the "
                "boundary in EPSG:4326",
                name,
                line,
                field=field,
            )
    if len(points) < 4:
        raise _refused(
            f"a ring of {len(points)} positions: a polygon's ring needs at least 4, the last "
            "the same as the first",
            name,
            line,
            field=field,
        )
    if points[0] != points[-1]:
        raise _refused(
            "a ring that is not closed: its last position must repeat its first",
            name,
            line,
            field=field,
        )
    return points


def _checked(
    geometry: Polygon | MultiPolygon, name: str, line: int | None, field: str | None
) -> Polygon | MultiPolygon:
    if not geometry.is_empty and not geometry.is_valid:
        raise _refused(
            f"the boundary is not a valid polygon: {shapely.is_valid_reason(geometry)}"
            " (rings must not cross themselves or each other, holes must lie inside)",
            name,
            line,
            field=field,
        )
    if geometry.is_empty or geometry.area == 0:
        raise _refused("the boundary is empty (it encloses no area)", name, line, field=field)
    return geometry


# --- shapefile -----------------------------------------------------------------------------


def read_shapefile(parts: dict[str, bytes], name: str) -> tuple[Polygon | MultiPolygon, str]:
    """The boundary in an ESRI shapefile, from the bytes of its parts (``.shp``, and ``.shx``,
    ``.dbf``, ``.prj`` where there are), with pyshp, a small pure-Python reader (installed with
    the raster extra). The coordinate system is the ``.prj`` file's (WKT); without one it is
    unknown, and the boundary is refused."""
    import io

    try:
        import shapefile
    except ImportError:
        raise _refused(
            "a shapefile needs pyshp to be read: pip install pyshp (or give GeoJSON or KML)", name
        ) from None
    if "prj" not in parts:
        raise _refused(
            "no .prj file beside the shapefile: its coordinate system is unknown (add the .prj, "
            "or give the boundary as GeoJSON or KML)",
            name,
        )
    wkt = parts["prj"].decode("utf-8", "replace").strip()
    lonlat = wkt.upper().startswith("GEOGCS") and "WGS" in wkt.upper() and "84" in wkt
    files = {k: io.BytesIO(parts[k]) for k in ("shp", "shx", "dbf") if k in parts}
    try:
        with shapefile.Reader(**files) as reader:
            shapes = [json.loads(json.dumps(s.__geo_interface__)) for s in reader.iterShapes()]
    except (shapefile.ShapefileException, ValueError, struct_error, IndexError) as exc:
        raise _refused(f"not a shapefile that can be read: {exc}", name) from None
    count = _Count(name, lonlat=lonlat)
    polygons = [polygon for i, geometry in enumerate(shapes)
                for polygon in _polygons(geometry, f"shapes[{i}]", name, count)]  # fmt: skip
    if not polygons:
        raise _refused("the boundary is empty: no polygon in it", name)
    geometry = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return _checked(geometry, name, None, None), LONLAT if lonlat else wkt


# --- GeoJSON -------------------------------------------------------------------------------


def _from_geojson(text: str, name: str) -> tuple[Polygon | MultiPolygon, None, str | None, str]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refused(f"not valid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    except RecursionError:
        raise _refused("not a GeoJSON file: nested too deeply", name) from None
    if not isinstance(document, dict):
        raise _refused("not a GeoJSON object (a geometry, Feature or FeatureCollection)", name)
    crs = _crs(document, name)
    count = _Count(name, lonlat=crs == LONLAT)
    polygons = [
        polygon
        for geometry, where in _geometries(document, "", name)
        for polygon in _polygons(geometry, where, name, count)
    ]
    if not polygons:
        raise _refused("the boundary is empty: no polygon in it", name)
    geometry = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return geometry, None, None, crs


def _crs(document: dict[str, Any], name: str) -> str:
    """The coordinate system a ``crs`` member names (the 2008 format's ``{"type": "name",
    "properties": {"name": ...}}``); longitude and latitude on WGS84 where there is none."""
    crs = document.get("crs")
    if crs is None:
        return LONLAT
    properties = crs.get("properties") if isinstance(crs, dict) else None
    named = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(named, str) or not named.strip():
        raise _refused(
            f"a `crs` member that names no coordinate system ({quote(str(crs))}): give "
            '{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32718"}}, or none '
            "for longitude and latitude on WGS84",
            name,
            field="crs",
        )
    return LONLAT if named.lower() in LONLAT_CRS else named


def _geometries(document: Any, where: str, name: str) -> list[tuple[dict[str, Any], str]]:
    """The geometry objects of a GeoJSON document, each with its place in the document."""
    here = where or "the document"
    if not isinstance(document, dict) or not isinstance(document.get("type"), str):
        raise _refused("not a GeoJSON object: no `type`", name, field=where or None)
    kind = document["type"]
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise _refused("a FeatureCollection without a `features` list", name, field=here)
        return [
            found
            for i, feature in enumerate(features)
            for found in _geometries(feature, f"{where}features[{i}]", name)
        ]
    if kind == "Feature":
        geometry = document.get("geometry")
        if geometry is None:
            return []
        return _geometries(geometry, f"{where}.geometry" if where else "geometry", name)
    return [(document, where)]


def _polygons(geometry: dict[str, Any], where: str, name: str, count: _Count) -> list[Polygon]:
    kind = geometry["type"]
    field = f"{where}.coordinates" if where else "coordinates"
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return [_polygon(coordinates, field, name, count)]
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list):
            raise _refused("a MultiPolygon's coordinates must be a list", name, field=field)
        return [_polygon(p, f"{field}[{i}]", name, count) for i, p in enumerate(coordinates)]
    raise _refused(
        f"a {kind}, not a polygon: a boundary is a Polygon or a MultiPolygon",
        name,
        field=where or "type",
    )


def _polygon(rings: Any, field: str, name: str, count: _Count) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise _refused("a polygon needs a list of rings (its outline, then its holes)", name,
                       field=field)  # fmt: skip
    checked = []
    for i, ring in enumerate(rings):
        place = f"{field}[{i}]"
        if not isinstance(ring, list):
            raise _refused("a ring must be a list of positions", name, field=place)
        count.add(len(ring), None, place)
        points = []
        for j, position in enumerate(ring):
            if (
                not isinstance(position, list)
                or len(position) not in (2, 3)
                or not all(type(v) in (int, float) for v in position)
            ):
                raise _refused(
                    "a position must be [longitude, latitude] (an altitude may follow)",
                    name,
                    field=f"{place}[{j}]",
                )
            points.append((float(position[0]), float(position[1])))
        checked.append(_ring(points, name, None, place, lonlat=count.lonlat))
    return Polygon(checked[0], checked[1:])


# --- KML -----------------------------------------------------------------------------------

_DECLARATIONS: Final = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parse_xml(text: str, name: str) -> tuple[ET.Element, dict[int, int]]:
    """The KML's element tree, built by ElementTree's builder from the expat parser (so that each
    element's line is known: ``{id(element): line}``); document types and entities refused."""
    declared = _DECLARATIONS.search(text)
    if declared:
        line = text[: declared.start()].count("\n") + 1
        raise _refused(
            f"a <!{declared.group(1).upper()} declaration: document types and entities are "
            "refused in KML (a boundary needs neither)",
            name,
            line,
        )
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(tag: str, attributes: dict[str, str]) -> None:
        lines[id(builder.start(tag, attributes))] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise _refused(f"not valid XML: {message}", name, exc.lineno, exc.offset + 1) from None
    return builder.close(), lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_kml(text: str, name: str) -> tuple[Polygon | MultiPolygon, int | None, None]:
    root, lines = _parse_xml(text, name)
    count = _Count(name)
    polygons = []
    for element in root.iter():
        if _local(element.tag) == "Polygon":
            polygons.append(_kml_polygon(element, lines, name, count))
    if not polygons:
        others = sorted(
            {_local(e.tag) for e in root.iter()} & {"Point", "LineString", "LinearRing", "Model"}
        )
        found = f" (it has {', '.join(others)})" if others else ""
        raise _refused(f"no Polygon in the KML: a boundary is a Polygon or a MultiGeometry "
                       f"of Polygons{found}", name, 1)  # fmt: skip
    first = lines.get(id(next(e for e in root.iter() if _local(e.tag) == "Polygon")))
    geometry = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return geometry, first, None


def _kml_polygon(polygon: ET.Element, lines: dict[int, int], name: str, count: _Count) -> Polygon:
    outer: list[list[tuple[float, float]]] = []
    inner: list[list[tuple[float, float]]] = []
    for side in polygon:
        kind = _local(side.tag)
        if kind not in ("outerBoundaryIs", "innerBoundaryIs"):
            continue
        for element in side.iter():
            if _local(element.tag) == "coordinates":
                line = lines.get(id(element))
                ring = _kml_ring(element.text or "", name, line, count)
                (outer if kind == "outerBoundaryIs" else inner).append(ring)
    if len(outer) != 1:
        raise _refused(
            f"a Polygon with {len(outer)} outerBoundaryIs rings: it needs exactly one",
            name,
            lines.get(id(polygon)),
        )
    return Polygon(outer[0], inner)


def _kml_ring(text: str, name: str, line: int | None, count: _Count) -> list[tuple[float, float]]:
    """``lon,lat[,alt]`` tuples separated by white space."""
    tuples = text.split()
    count.add(len(tuples), line, None)
    points = []
    for item in tuples:
        parts = item.split(",")
        try:
            if len(parts) not in (2, 3):
                raise ValueError
            lon, lat = float(parts[0]), float(parts[1])
        except ValueError:
            raise _refused(
                f"{quote(item)} is not a KML coordinate (longitude,latitude[,altitude])",
                name,
                line,
            ) from None
        points.append((lon, lat))
    return _ring(points, name, line, None)
