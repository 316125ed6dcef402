"""A cache of resolved project files, so that a command on an unchanged file skips the YAML
parser and the schema (the biggest part of start-up, and of ``check`` over a folder).

An entry holds a project's resolved inputs (:mod:`carboncalc.core.inputs`), its name and
countries and its placeholders' fields and lines, as plain JSON: never pickle, and only the
classes of :mod:`carboncalc.core.inputs` can be rebuilt from it. It is found by a key, a SHA-256 of:

- the project file's bytes and its resolved path (observation files are named relative to it);
- carboncalc's own code and data files, the Python version and the installed versions of the
  packages that read the file (pydantic, pydantic-core, PyYAML): the code fingerprint;
- the options that change what a load gives (``--rules``, whether every scenario is checked).

Only what comes back from JSON equal and of the same types is kept (:func:`encode` refuses
anything else, and such a file is simply not cached). Files the project reads besides itself
(an ``observed.file``) are listed in the entry by their name, as the project file writes it,
with the SHA-256 of their bytes, and read again on every use by the same rules as on a full
load (:func:`carboncalc.files.projects.read_named_file`: inside the project's folder, no link
out, a regular file, size-capped, never blocking); one that changed or is refused now makes the
entry a miss, and the full load then reports it.
Nothing here looks at modification times. A what-if (``--set``, ``--scenario``) bypasses the
cache of loads (a result's key holds the what-if's resolved inputs, below).

Safety: the folder (:mod:`carboncalc.files.cachedir`) is carboncalc's own, marked, private (0700)
and not used if anyone else can write to it or it belongs to someone else; entries are written to a
temporary file and renamed into place; an entry's first line holds an HMAC-SHA256 of the rest under
a random key kept in the cache's root, so a damaged entry, an entry edited by hand (even with a
recomputed SHA-256) or one copied from another cache is a miss. It does not stop someone who can
write to the cache folder, since they can read the key too: such a person could make carboncalc
print wrong figures (entries are plain JSON, and only carboncalc's input classes are built from
them, so never run code). Any error at all (a full disk, a bad entry, a read-only home) is a miss,
never a failure: the file is then read and validated as if there were no cache.

Beside the entries, results computed from resolved inputs (:func:`store_result`): the
uncertainty deduction of a `compare` row or a `sweep` step, and the Monte Carlo runs of
`credits`, `uncertainty` and `report` (:mod:`carboncalc.reports.kept`), keyed by the resolved
inputs themselves (so a what-if's too), the code fingerprint, the sample count and seed and the
run's options, so that a repeated run draws no Monte Carlo samples. Only the command line keeps
results; the Python API computes them each time.

``CARBONCALC_CACHE=0`` (or ``off``, ``no``, ``false``) turns the cache off;
``CARBONCALC_CACHE_DIR`` puts it elsewhere than ``$XDG_CACHE_HOME/carboncalc`` (by default
``~/.cache/carboncalc``). Deleting the directory is always safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 6  # of an entry; a change makes every old entry a miss
MAX_ENTRY_BYTES = 64_000_000  # an entry larger than this is a miss, never read
OFF_VALUES = {"0", "off", "no", "false"}
PACKAGES = ("pydantic", "pydantic_core", "PyYAML", "pyyaml")  # dist-info names, as installed


@dataclasses.dataclass(frozen=True)
class Entry:
    """What a hit gives: the project's resolved inputs, with its name, countries, registry id
    and the provenance of its values."""

    inputs: Any  # ProjectInputs
    title: str
    countries: tuple[str, ...]
    registry_id: str | None
    sources: Callable[[], Any]  # the Provenance of the values, for the tables, made on demand
    # the placeholders' fields and lines (the file's bytes are the key's, so are its lines)
    placeholders: tuple[tuple[str, int | None], ...] = ()


def enabled() -> bool:
    return os.environ.get("CARBONCALC_CACHE", "").strip().lower() not in OFF_VALUES


def key(path: Path, raw: bytes, options: dict[str, Any]) -> str | None:
    """The key of this file's bytes and options, or None where the cache is off or cannot be
    used safely (then nothing is looked up or kept)."""
    try:
        return None if _folder() is None else _key(path, raw, options)
    except Exception:
        return None


def _verified(key: str) -> bytes | None:
    """The text kept under ``key`` where its HMAC line holds, else None (no cache, no entry, or
    damaged, edited or from another cache); a read that fails raises (the caller's miss)."""
    place = _folder()
    if place is None:
        return None
    folder, secret = place
    entry = folder / f"{key}.json"
    if not os.path.lexists(entry):
        return None
    data = _read(entry, MAX_ENTRY_BYTES, follow=False)
    header, _, text = data.partition(b"\n")
    return text if hmac.compare_digest(header, _header(text, secret)) else None


def lookup(key: str, path: Path) -> Entry | None:
    """The entry under ``key`` for the project file at ``path``, or None (a miss, for any
    reason)."""
    try:
        text = _verified(key)
        if text is None:
            return None
        body = loads(text)
        if body.get("key") != key:
            return None
        from carboncalc.errors import Problem
        from carboncalc.files.projects import read_named_file

        for name, sha in body["deps"]:
            _, raw = read_named_file(path, name, Problem(""))  # refused: raises, a miss
            if hashlib.sha256(raw).hexdigest() != sha:
                return None
        return Entry(
            inputs=body["inputs"],
            title=str(body["title"]),
            countries=tuple(str(c) for c in body["countries"]),
            registry_id=body["registry_id"],
            sources=functools.partial(loads, body["sources"]),  # a JSON text, parsed if asked
            placeholders=tuple(
                (str(f), None if n is None else int(n)) for f, n in body["placeholders"]
            ),
        )
    except Exception:
        return None


def store(key: str, path: Path, entry: Entry, deps: list[tuple[str, bytes]]) -> None:
    """Keep an entry under ``key`` for later loads; nothing happens where it cannot be kept
    safely (an input :func:`encode` refuses, a folder that is not private, a full disk)."""
    try:
        place = _folder()
        if place is None:
            return
        folder, secret = place
        body = {
            "key": key,
            "file": str(path.resolve()),
            "deps": [[name, hashlib.sha256(raw).hexdigest()] for name, raw in deps],
            "title": entry.title,
            "countries": list(entry.countries),
            "registry_id": entry.registry_id,
            "sources": json.dumps(encode(entry.sources())),
            "placeholders": [list(p) for p in entry.placeholders],
            "inputs": encode(entry.inputs),
        }
        _write(folder, secret, key, body)
    except Exception:
        return


def _write(folder: Path, secret: bytes, key: str, body: dict[str, Any]) -> None:
    """An entry, written aside and renamed into place."""
    text = json.dumps(body).encode("utf-8")
    import tempfile

    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_header(text, secret) + b"\n" + text)
        os.replace(temporary, folder / f"{key}.json")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- results computed from resolved inputs ------------------------------------------------------
# A result kept beside the inputs, as plain JSON data, under a key of the resolved inputs
# themselves (so a what-if's are keyed too), the code fingerprint and the options that made it:
# what a `compare` row or a `sweep` step needs of a Monte Carlo (its deduction), so that a
# repeated run does not draw the samples again. The same rules as for entries: an HMAC first
# line, written aside and renamed, any error a miss.


def result_key(inputs: Any, options: dict[str, Any]) -> str | None:
    """The key of a result of these resolved inputs and options, or None where the cache is
    off, cannot be used safely, or the inputs cannot be encoded (then nothing is kept)."""
    try:
        if _folder() is None:
            return None
        h = hashlib.sha256()
        for part in (str(FORMAT), code_fingerprint(), "result",
                     json.dumps(encode(inputs), sort_keys=True),
                     json.dumps(options, sort_keys=True)):  # fmt: skip
            h.update(part.encode("utf-8") + b"\0")
        return h.hexdigest()
    except Exception:
        return None


def lookup_result(key: str) -> Any | None:
    """The JSON data kept under ``key`` by :func:`store_result`, or None (a miss)."""
    try:
        text = _verified(key)
        if text is None:
            return None
        body = json.loads(text)
        return body["result"] if body.get("key") == key else None
    except Exception:
        return None


def store_result(key: str, result: Any) -> None:
    """Keep JSON data under ``key``; nothing happens where it cannot be kept safely."""
    try:
        place = _folder()
        if place is not None:
            _write(*place, key, {"key": key, "result": result})
    except Exception:
        return


# --- where, and under which key -----------------------------------------------------------------


@functools.cache
def _folder() -> tuple[Path, bytes] | None:
    """This code's folder of entries and the key of their HMAC; None where the cache is off or
    cannot be used safely (see :mod:`carboncalc.files.cachedir`)."""
    if not enabled():
        return None
    from carboncalc.files.cachedir import entries_folder

    return entries_folder(code_fingerprint())


def _read(path: Path, limit: int, *, follow: bool) -> bytes:
    """A regular file's bytes through the reader project files use: a FIFO, a device, a link
    (unless ``follow``) or a file over ``limit`` raises (a miss), never hangs or fills memory."""
    from carboncalc.files.reading import read_bytes

    return read_bytes(path, str(path), limit=limit, follow=follow)


def _key(path: Path, raw: bytes, options: dict[str, Any]) -> str:
    h = hashlib.sha256()
    for part in (str(FORMAT), code_fingerprint(), str(path.resolve()),
                 json.dumps(options, sort_keys=True)):  # fmt: skip
        h.update(part.encode("utf-8") + b"\0")
    h.update(raw)
    return h.hexdigest()


def _header(text: bytes, secret: bytes) -> bytes:
    """An entry's first line: the format and an HMAC-SHA256 of the rest, its JSON body."""
    digest = hmac.new(secret, text, hashlib.sha256).hexdigest()
    return f"carboncalc-cache {FORMAT} {digest}".encode()


@functools.cache
def code_fingerprint() -> str:
    """A SHA-256 of carboncalc's own files (code, factor tables, templates), the Python version
    and the installed versions of the packages that parse and validate a file. Every file is
    read on every run (no modification times): one walk of the package with ``os.scandir`` and
    unbuffered reads keep that near a millisecond."""
    return files_fingerprint(Path(__file__).resolve().parents[1])  # the whole package


def files_fingerprint(package: Path) -> str:
    """:func:`code_fingerprint` for the package in ``package``."""
    h = hashlib.sha256(sys.version.encode("utf-8"))
    for relative, path in sorted(_own_files(str(package), "")):
        with open(path, "rb", buffering=0) as file:
            h.update(relative.encode("utf-8") + b"\0")
            h.update(file.read())
    for name in sorted(_installed_versions()):
        h.update(name.encode("utf-8") + b"\0")
    return h.hexdigest()


def _own_files(folder: str, prefix: str) -> list[tuple[str, str]]:
    """(path relative to the package, with /, full path) of its .py and .yaml files."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    found += _own_files(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith((".py", ".yaml")):
                found.append((prefix + entry.name, entry.path))
    return found


def _installed_versions() -> set[str]:
    """The dist-info folder names (name-version.dist-info) of PACKAGES on sys.path, found by
    listing the folders, without importing anything."""
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.split("-", 1)[0] in PACKAGES:
                found.add(name)
    return found


# --- resolved inputs as plain JSON ----------------------------------------------------------------


def encode(obj: Any) -> Any:
    """Resolved inputs as JSON data: a dataclass of :mod:`carboncalc.core.inputs` as {"@": class
    name, field: value...}, a tuple as a list, a date as {"@date": ISO date}, and str, bool,
    int, float and None as themselves. Only these exact types are encoded, so that what
    :func:`loads` gives back is equal, of the same types; anything else (a subclass such as an
    enum or a datetime, a list, a dict, another class) raises TypeError, and the file is not
    cached."""
    kind = type(obj)
    if kind in _PLAIN:
        return obj
    if kind is tuple:
        return [x if type(x) in _PLAIN else encode(x) for x in obj]
    if kind is dt.date:
        return {"@date": obj.isoformat()}
    names = _input_fields(kind)
    if names is None:
        raise TypeError(f"cannot cache a {kind.__module__}.{kind.__name__}")
    encoded = {"@": kind.__name__}
    for name in names:
        value = getattr(obj, name)
        encoded[name] = value if type(value) in _PLAIN else encode(value)
    return encoded


_PLAIN = frozenset({str, bool, int, float, type(None)})


def _input_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass of :mod:`carboncalc.core.inputs`, or None for any other
    type."""
    found = _classes().get(kind.__name__)
    return found[1] if found is not None and found[0] is kind else None


def decode(data: Any) -> Any:
    """The inverse of :func:`encode`; only the classes of :mod:`carboncalc.core.inputs` are
    built."""
    if isinstance(data, dict):
        return _built({k: decode(v) for k, v in data.items()})
    if isinstance(data, list):
        return tuple(decode(x) for x in data)
    return data  # a scalar


def loads(text: str | bytes) -> Any:
    """JSON text to objects, building each dataclass as the parser meets it."""
    return json.loads(text, object_hook=_built)


def _built(node: dict[str, Any]) -> Any:
    """A dataclass from its entry: every field as :func:`encode` wrote it, set without running
    ``__init__`` (which for a frozen dataclass sets each field through ``object.__setattr__``:
    a third of a warm load). A node whose fields are not exactly the class's, or a class with a
    ``__post_init__``, goes through ``__init__``, which refuses what does not fit: a miss."""
    if "@" not in node:
        return dt.date.fromisoformat(node["@date"]) if "@date" in node else node
    cls, _, names, plain = _classes()[node.pop("@")]
    for key, value in node.items():
        if type(value) is list:
            node[key] = _tuples(value)
    if not plain or node.keys() != names:
        return cls(**node)
    obj: Any = object.__new__(cls)
    obj.__dict__.update(node)
    return obj


def _tuples(items: list[Any]) -> tuple[Any, ...]:
    return tuple(_tuples(x) if type(x) is list else x for x in items)


@functools.cache
def _classes() -> dict[str, tuple[type, tuple[str, ...], frozenset[str], bool]]:
    """The dataclasses of :mod:`carboncalc.core.inputs` by name: each with its field names (in
    order, and as a set), and whether an entry's fields can be set directly (no
    ``__post_init__``, no ``__slots__``)."""
    from carboncalc.core import inputs

    own = (
        obj for obj in vars(inputs).values() if getattr(obj, "__module__", None) == inputs.__name__
    )
    found = {}
    for obj in own:
        if isinstance(obj, type) and dataclasses.is_dataclass(obj):
            names = tuple(f.name for f in dataclasses.fields(obj))
            plain = not hasattr(obj, "__post_init__") and "__slots__" not in vars(obj)
            found[obj.__name__] = (obj, names, frozenset(names), plain)
    return found
