"""Boundaries from hand-made GeoJSON and KML, and the located problem each bad one gives."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("shapely")

from carboncalc.errors import ProjectFileError
from carboncalc.observe.boundary import read_boundary, read_boundary_crs

SQUARE = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]
HOLE = [[0.004, 0.004], [0.006, 0.004], [0.006, 0.006], [0.004, 0.006], [0.004, 0.004]]
FAR = [[[1, 1], [1.01, 1], [1.01, 1.01], [1, 1.01], [1, 1]]]


def geojson(document: object) -> bytes:
    return json.dumps(document, indent=2).encode()


def refused(data: bytes, name: str) -> str:
    """The one line a bad boundary gives, as users see it."""
    with pytest.raises(ProjectFileError) as caught:
        read_boundary(data, name)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_a_polygon_with_a_hole_keeps_its_hole() -> None:
    feature = {"type": "Feature", "properties": {},
               "geometry": {"type": "Polygon", "coordinates": [SQUARE, HOLE]}}  # fmt: skip
    boundary = read_boundary(geojson(feature), "b.geojson")
    assert boundary.geom_type == "Polygon"
    assert len(boundary.interiors) == 1
    assert boundary.area == pytest.approx(0.01**2 - 0.002**2)


def test_a_multipolygon_and_a_feature_collection() -> None:
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], FAR]}
    assert read_boundary(geojson(multi), "b.json").geom_type == "MultiPolygon"
    features = [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": rings}}
        for rings in ([SQUARE], FAR)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    boundary = read_boundary(geojson(collection), "b.geojson")
    assert boundary.geom_type == "MultiPolygon"
    assert len(boundary.geoms) == 2


def test_invalid_json_is_located() -> None:
    assert refused(b'{"type": "Polygon",\n  "coordinates": [}', "b.geojson") == (
        "b.geojson:2:19: not valid JSON: Expecting value"
    )


def test_not_a_polygon_names_what_it_is() -> None:
    point = {"type": "Feature", "properties": {},
             "geometry": {"type": "Point", "coordinates": [0, 0]}}  # fmt: skip
    assert refused(geojson(point), "b.geojson") == (
        "b.geojson: geometry: a Point, not a polygon: a boundary is a Polygon or a MultiPolygon"
    )


def test_an_empty_collection_is_refused() -> None:
    empty = {"type": "FeatureCollection", "features": []}
    assert (
        refused(geojson(empty), "b.geojson") == "b.geojson: the boundary is empty: no polygon in it"
    )


def test_a_self_intersecting_polygon_is_refused() -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    assert refused(geojson(bowtie), "b.geojson") == (
        "b.geojson: the boundary is not a valid polygon: Self-intersection[0.5 0.5] (rings must "
        "not cross themselves or each other, holes must lie inside)"
    )


@pytest.mark.parametrize(
    ("coordinates", "expected"),
    [
        ([[[0, 0], [1, 0], [0, 0]]], "coordinates[0]: a ring of 3 positions"),
        ([[[0, 0], [1, 0], [1, 1], [0, 1]]], "coordinates[0]: a ring that is not closed"),
        ([[[0, 0], [1, 0], [1, "x"], [0, 0]]], "coordinates[0][2]: a position must be"),
        ([[[500000, 9e6], [500100, 9e6], [500100, 9.1e6], [500000, 9e6]]],
         "coordinates[0]: (500000, 9e+06) is not a longitude and latitude"),
    ],
)  # fmt: skip
def test_bad_rings_are_located_in_the_document(coordinates: object, expected: str) -> None:
    assert refused(
        geojson({"type": "Polygon", "coordinates": coordinates}), "b.geojson"
    ).startswith(f"b.geojson: {expected}")


def test_another_crs_is_named_for_the_caller() -> None:
    """read_boundary reads longitude and latitude only; read_boundary_crs gives the crs named,
    for the caller to carry the boundary from."""
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32718"}}
    utm = {"type": "Polygon", "coordinates": [SQUARE], "crs": crs}
    assert "crs: the boundary names the coordinate system 'urn:ogc:def:crs:EPSG::32718'" in (
        refused(geojson(utm), "b.geojson")
    )
    assert read_boundary_crs(geojson(utm), "b.geojson")[1] == "urn:ogc:def:crs:EPSG::32718"
    crs84 = dict(utm, crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}})
    assert read_boundary(geojson(crs84), "b.geojson").geom_type == "Polygon"
    assert read_boundary_crs(geojson(crs84), "b.geojson")[1] == "EPSG:4326"
    nameless = dict(utm, crs={"type": "name", "properties": {}})
    assert "crs: a `crs` member that names no coordinate system" in (
        refused(geojson(nameless), "b.geojson")
    )


def test_too_many_vertices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("carboncalc.observe.boundary.MAX_VERTICES", 4)
    assert "more than 4 vertices in the boundary" in refused(
        geojson({"type": "Polygon", "coordinates": [SQUARE]}), "b.geojson"
    )


def kml(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    return (prolog + '<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n'
            + body + "</Document>\n</kml>\n").encode()  # fmt: skip


def ring(points: list[list[float]]) -> str:
    return " ".join(f"{x},{y},0" for x, y in points)


POLYGON = f"""<Placemark><Polygon>
  <outerBoundaryIs><LinearRing><coordinates>{ring(SQUARE)}</coordinates></LinearRing></outerBoundaryIs>
  <innerBoundaryIs><LinearRing><coordinates>{ring(HOLE)}</coordinates></LinearRing></innerBoundaryIs>
</Polygon></Placemark>
"""


def test_a_kml_polygon_with_a_hole() -> None:
    boundary = read_boundary(kml(POLYGON), "b.kml")
    assert boundary.geom_type == "Polygon"
    assert boundary.area == pytest.approx(0.01**2 - 0.002**2)


def test_a_kml_multigeometry() -> None:
    far = f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring(FAR[0])}</coordinates>" \
          "</LinearRing></outerBoundaryIs></Polygon>"  # fmt: skip
    polygon = POLYGON.replace("<Placemark>", "").replace("</Placemark>", "")
    body = f"<Placemark><MultiGeometry>{polygon}{far}</MultiGeometry></Placemark>"
    boundary = read_boundary(kml(body), "b.kml")
    assert boundary.geom_type == "MultiPolygon"
    assert len(boundary.geoms) == 2


@pytest.mark.parametrize(
    "prolog",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY lol "lol">]>\n',
        '<?xml version="1.0"?>\n<!doctype kml SYSTEM "file:///etc/passwd">\n',
    ],
    ids=["entity", "external"],
)
def test_document_types_and_entities_are_refused(prolog: str) -> None:
    message = refused(kml(POLYGON, prolog), "b.kml")
    assert message.startswith("b.kml:2: a <!DOCTYPE declaration: document types and entities")


def test_utf16_is_refused_before_parsing() -> None:
    data = kml(POLYGON, '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE kml>\n').decode()
    assert "not UTF-8 text" in refused(data.encode("utf-16"), "b.kml")
    assert "a NUL character" in refused(data.encode("utf-16-le"), "b.kml")


def test_bad_kml_is_located() -> None:
    assert refused(b"<kml>\n<Document>\n</kml>\n", "b.kml").startswith("b.kml:3:3: not valid XML")
    point = "<Placemark><Point><coordinates>0,0</coordinates></Point></Placemark>\n"
    assert refused(kml(point), "b.kml") == (
        "b.kml:1: no Polygon in the KML: a boundary is a Polygon or a MultiGeometry of Polygons "
        "(it has Point)"
    )
    bad = POLYGON.replace("0.01,0,0", "0.01;0")
    assert refused(kml(bad), "b.kml").startswith("b.kml:5: '0.01;0' is not a KML coordinate")


def test_a_self_intersecting_kml_polygon_is_refused_at_its_line() -> None:
    bowtie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    body = f"<Placemark>\n<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring(bowtie)}" \
           "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n"  # fmt: skip
    assert refused(kml(body), "b.kml").startswith(
        "b.kml:5: the boundary is not a valid polygon: Self-intersection"
    )


def test_a_boundary_across_the_antimeridian_is_refused_with_the_way_out() -> None:
    across = {"type": "Polygon", "coordinates": [
        [[179.9, -17], [-179.9, -17], [-179.9, -16.9], [179.9, -16.9], [179.9, -17]]]}  # fmt: skip
    assert "a polygon spans 359.8° of longitude, from -179.9 to 179.9" in refused(
        geojson(across), "b.json"
    )
    split = {"type": "MultiPolygon", "coordinates": [
        [[[179.9, -17], [180, -17], [180, -16.9], [179.9, -16.9], [179.9, -17]]],
        [[[-180, -17], [-179.9, -17], [-179.9, -16.9], [-180, -16.9], [-180, -17]]]]}  # fmt: skip
    assert len(read_boundary(geojson(split), "b.json").geoms) == 2
