"""The JSON Schema kit of the output contracts: types, the builders of objects and arrays, and
the check of a document against a schema (the subset of JSON Schema the contracts use), so that
the tests need no JSON Schema library."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

NUM: Schema = {"type": "number"}
INT: Schema = {"type": "integer"}
STR: Schema = {"type": "string"}
BOOL: Schema = {"type": "boolean"}
OBJ: Schema = {"type": "object"}  # an open object (rules with their sources, a file's inputs)


def opt(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def arr(item: Schema) -> Schema:
    return {"type": "array", "items": item}


def obj(**properties: Schema) -> Schema:
    """A closed object whose every field is required."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def fields(names: str, schema: Schema) -> dict[str, Schema]:
    return dict.fromkeys(names.split(), schema)


def problems(value: Any, schema: Schema, where: str = "$") -> list[str]:
    """Where ``value`` breaks ``schema``: the subset of JSON Schema the contracts use (type,
    properties, required, additionalProperties, items, enum, const, anyOf)."""
    found: list[str] = []
    if "anyOf" in schema:
        if all(problems(value, option, where) for option in schema["anyOf"]):
            found.append(f"{where}: {value!r:.60} matches none of its forms")
        return found
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: expected {schema['const']!r}, got {value!r:.60}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r:.60} is not one of {schema['enum']}")
    kind = schema.get("type")
    checks = {"number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
              "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
              "null": lambda v: v is None, "object": lambda v: isinstance(v, dict),
              "array": lambda v: isinstance(v, list)}  # fmt: skip
    if kind is not None and not checks[kind](value):
        return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if kind == "object":
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{where}: `{key}` is missing")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                found += problems(item, properties[key], f"{where}.{key}")
            elif extra is False:
                found.append(f"{where}: `{key}` is not in the contract")
            elif isinstance(extra, dict):
                found += problems(item, extra, f"{where}.{key}")
    if kind == "array" and "items" in schema:
        for i, item in enumerate(value):
            found += problems(item, schema["items"], f"{where}[{i}]")
    return found
