"""Reading YAML files into plain data with the line and column of every key and item.

The file side of carboncalc: PyYAML is imported here (and only when a file is read). Three
things differ from ``yaml.safe_load``:

- **YAML 1.2 scalars.** PyYAML reads ``NO`` as False, ``1:30`` as 90 and ``010`` as 8.
  carboncalc reads ``NO`` and ``1:30`` as strings (a country code stays a country code, and a
  number field says it got text), and refuses ``010``, which YAML 1.1 and 1.2 tools read
  differently.
- **No recursion.** Data is built from the parser's event stream with an explicit stack, so no
  file, however deeply nested, can exhaust Python's or the C stack; nesting deeper than
  :data:`MAX_DEPTH` is refused at the first level too deep.
- **Problems are collected, not raised,** so that every problem in a file is reported in one run.
  Anchors and aliases, tags, duplicate keys and ambiguous scalars are problems; aliases are never
  expanded (a billion-laughs file costs no more than its size).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.files.reading import decode, read_bytes

MAX_DEPTH = 32  # a project file nests 6 levels; 32 leaves room and stays far from any stack
MAX_INT_DIGITS = 15  # integers beyond this are no count carboncalc needs (and not exact as floats)

Loc = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_SPECIAL = {
    ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf,
    ".Inf": math.inf, "+.Inf": math.inf, "-.Inf": -math.inf,
    ".INF": math.inf, "+.INF": math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_STANDARD_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "!",  # the non-specific tag of a quoted scalar
}


class AmbiguousScalar(ValueError):
    """A plain scalar that carboncalc will not guess at: YAML 1.1 and 1.2 tools read it as
    different values, or it is an integer too long to be a count."""

    def __init__(self, message: str, yaml12_value: Any) -> None:
        super().__init__(message)
        self.yaml12_value = yaml12_value


def resolve_scalar(text: str) -> Any:
    """The value of an unquoted scalar under the YAML 1.2 core schema."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        digits = len(text.lstrip("+-"))
        if digits > MAX_INT_DIGITS:
            raise AmbiguousScalar(
                f"an integer of {digits:,} digits: carboncalc reads integers of up to "
                f"{MAX_INT_DIGITS} digits; write a large quantity with an exponent (1.5e20), "
                "or quote it if it is text",
                None,
            )
        if _LEADING_ZERO.match(text):
            octal = int(text, 8) if set(text.lstrip("+-")) <= set("01234567") else "invalid"
            raise AmbiguousScalar(
                f"{text!r} has a leading zero: YAML 1.1 tools read it as octal ({octal}), "
                f"YAML 1.2 as {int(text)}; write {int(text)}, or quote it if it is text",
                int(text),
            )
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text in _SPECIAL:
        return _SPECIAL[text]
    return text


@dataclass
class Document:
    """Plain data read from a YAML file, with the line and column of every key and item."""

    path: str
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    origins: dict[Loc, str] = field(default_factory=dict)  # path set by an override: its label
    problems: list[Problem] = field(default_factory=list)  # found while reading
    broken: set[Loc] = field(default_factory=set)  # locations those problems are at
    # values read from another file (an `observed.file`): that file's name and line
    placed: dict[Loc, tuple[str, int]] = field(default_factory=dict)

    def locate(self, loc: Loc) -> Problem:
        """A problem template for a location: the file and position, or the --set that set it."""
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.origins:
                return Problem("", path=self.origins[loc[:n]])
        inside = [label for path, label in self.origins.items() if loc and path[: len(loc)] == loc]
        if inside:  # a problem with a section that an override changed
            return Problem("", path=inside[0])
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.placed:
                name, line = self.placed[loc[:n]]
                return Problem("", path=name, line=line)
            if loc[:n] in self.marks:
                line, column = self.marks[loc[:n]]
                return Problem("", path=self.path, line=line, column=column)
        return Problem("", path=self.path)

    def is_broken(self, loc: Loc) -> bool:
        """True when a problem was already reported at ``loc`` or at a level above it."""
        return any(loc[:n] in self.broken for n in range(len(loc) + 1))


def dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


# --- YAML -----------------------------------------------------------------------------------------


def read_yaml(path: Path, *, label: str | None = None) -> Document:
    """Read one YAML document into plain data, refusing what a project file never needs."""
    name = label or str(path)
    return parse_yaml(decode(read_bytes(path, name), name), name)


def parse_yaml(text: str, name: str) -> Document:
    """Plain data from YAML text; problems the data can carry are recorded on the document,
    problems that stop reading (syntax, nesting too deep) are raised."""
    import yaml

    doc = Document(path=name, data=None)
    loader = _loader_class()(text)
    builder = _Builder(doc)
    try:
        doc.data = builder.build(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p)
        if _tab_before(text, mark):
            message = "a tab character: YAML does not allow tabs for indentation; use spaces"
        elif "expected a single document" in message or "but found '<document start>'" in message:
            message = "a second YAML document (after ---): a project file holds one project"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ProjectFileError([Problem(message, name, line, column)]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        raise ProjectFileError(
            [Problem(_reader_message(exc.character), name, line, column)]
        ) from None
    except yaml.YAMLError as exc:
        raise ProjectFileError([Problem(f"not valid YAML: {exc}", name)]) from None
    finally:
        loader.dispose()
    if builder.documents == 0:
        raise ProjectFileError([Problem("the file is empty", name)])
    return doc


def _reader_message(character: Any) -> str:
    code = ord(character) if isinstance(character, str) else int(character)
    return (
        f"a control character (U+{code:04X}) that YAML does not allow in a file; "
        "remove it, or write it as an escape in a double-quoted string"
    )


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_LOADER: list[type[Any]] = []


def _loader_class() -> type[Any]:
    """PyYAML's C parser (or the Python one). Only its events are used: carboncalc builds the
    data itself, without PyYAML's recursive composer or its YAML 1.1 resolver."""
    if not _LOADER:
        import yaml

        _LOADER.append(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _LOADER[0]


def _tab_before(text: str, mark: Any) -> bool:
    """True when the line of a YAML error has a tab up to the error's column."""
    if mark is None:
        return False
    lines = text.splitlines()
    return mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


class _Frame:
    """A mapping or sequence being built: its location, its value, and for a mapping the key
    whose value comes next."""

    __slots__ = ("key", "loc", "skip", "value")

    def __init__(self, loc: Loc, value: dict[Any, Any] | list[Any]) -> None:
        self.loc = loc
        self.value = value
        self.key: str | None = None  # a mapping's pending key
        self.skip = False  # a mapping's pending value is dropped (a bad or duplicate key)


class _Builder:
    """Plain data from the event stream, with an explicit stack instead of recursion."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.anchors: dict[str, tuple[Loc, Any]] = {}  # anchor -> where it was first set
        self.aliases_reported: set[str] = set()  # anchors refused at their first alias
        self.documents = 0

    def problem(self, message: str, loc: Loc, mark: Any) -> None:
        self.doc.broken.add(loc)
        self.doc.problems.append(
            Problem(message, self.doc.path, mark.line + 1, mark.column + 1, dotted(loc) or None)
        )

    def build(self, loader: Any) -> Any:
        """The document's data. New keys, and scalars without anchor or tag, the bulk of a
        file, are read inline (a quoted or block scalar, one with a ``style``, is always a
        string); everything else goes through :meth:`_key` and :meth:`_node`."""
        import yaml

        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        start_events = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        end_events = {yaml.MappingEndEvent, yaml.SequenceEndEvent}
        marks = self.doc.marks
        stack: list[_Frame] = []
        root: Any = None
        while loader.check_event():
            event: Any = loader.get_event()
            kind = type(event)
            if kind in end_events:
                frame = stack.pop()
                if not stack:
                    root = frame.value
                continue
            if kind is not scalar and kind is not alias and kind not in start_events:
                if kind is yaml.DocumentStartEvent:
                    self.documents += 1
                    if self.documents > 1:
                        mark: Any = event.start_mark
                        raise yaml.MarkedYAMLError(
                            problem="expected a single document", problem_mark=mark
                        )
                continue  # stream and document ends
            parent = stack[-1] if stack else None
            if parent is not None and parent.key is None and type(parent.value) is dict:
                if kind is scalar and event.anchor is None and event.value not in parent.value:
                    mark = event.start_mark
                    marks[(*parent.loc, event.value)] = (mark.line + 1, mark.column + 1)
                    parent.key = event.value
                else:
                    self._key(event, parent, stack, start_events)
                continue
            if parent is not None and kind is scalar and event.anchor is None and event.tag is None:
                siblings = parent.value
                if isinstance(siblings, list):
                    loc = (*parent.loc, len(siblings))
                    mark = event.start_mark
                    marks.setdefault(loc, (mark.line + 1, mark.column + 1))
                    siblings.append(event.value if event.style else self._plain(event, parent))
                    continue
                if not parent.skip:  # a value whose key's line is marked already
                    assert parent.key is not None
                    siblings[parent.key] = (
                        event.value if event.style else self._plain(event, parent)
                    )
                    parent.key = None
                    continue
            loc = self._child_loc(parent)
            value = self._node(event, loc, parent)
            if kind in start_events:
                if len(stack) >= MAX_DEPTH:
                    mark = event.start_mark
                    assert mark is not None
                    raise ProjectFileError(
                        [
                            Problem(
                                f"nesting deeper than {MAX_DEPTH} levels: a project file needs "
                                "far fewer",
                                self.doc.path,
                                mark.line + 1,
                                mark.column + 1,
                            )
                        ]
                    )
                frame = _Frame(loc, value)
                self._attach(parent, value)
                stack.append(frame)
            else:
                self._attach(parent, value)
                if parent is None:
                    root = value
        for anchor, (loc, mark) in self.anchors.items():  # one never aliased: refused here
            if anchor not in self.aliases_reported:
                self.problem(
                    "anchors and aliases (&, *) are not allowed in project files: remove the "
                    f"anchor &{anchor}",
                    loc,
                    mark,
                )
        return root

    def _plain(self, event: Any, parent: _Frame) -> Any:
        """A plain scalar's YAML 1.2 value inside ``parent``; an ambiguous one is a problem
        (and reading goes on with its YAML 1.2 value)."""
        try:
            return resolve_scalar(event.value)
        except AmbiguousScalar as exc:
            self.problem(str(exc), self._child_loc(parent), event.start_mark)
            return exc.yaml12_value

    def _child_loc(self, parent: _Frame | None) -> Loc:
        if parent is None:
            return ()
        if isinstance(parent.value, dict):
            assert parent.key is not None
            return (*parent.loc, parent.key)
        return (*parent.loc, len(parent.value))

    def _attach(self, parent: _Frame | None, value: Any) -> None:
        if parent is None:
            return
        if isinstance(parent.value, list):
            parent.value.append(value)
            return
        assert parent.key is not None
        if not parent.skip:
            parent.value[parent.key] = value
        parent.key, parent.skip = None, False

    def _key(self, event: Any, parent: _Frame, stack: list[_Frame], start_events: Any) -> None:
        """A mapping's key: a plain name, or a problem (and its value is then dropped)."""
        import yaml

        if not isinstance(event, yaml.ScalarEvent):
            self.problem("keys must be plain names", parent.loc, event.start_mark)
            parent.key, parent.skip = "<complex key>", True
            if isinstance(event, start_events):  # a complex key: read past it, keep nothing
                self._skip_collection(event, stack)
            return
        key = event.value
        key_loc = (*parent.loc, key)
        mark: Any = event.start_mark
        if key in parent.value:
            first = self.doc.marks[key_loc][0]
            self.problem(
                f"duplicate key {key!r} (first on line {first}); YAML would keep only the last",
                key_loc,
                mark,
            )
            parent.key, parent.skip = key, True
            return
        self.doc.marks[key_loc] = (mark.line + 1, mark.column + 1)
        parent.key = key
        if event.anchor is not None:
            self.anchors.setdefault(event.anchor, (key_loc, mark))

    def _skip_collection(self, event: Any, stack: list[_Frame]) -> None:
        """A throwaway frame that swallows a complex key's contents."""
        import yaml

        value: dict[Any, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        stack.append(_Frame(("<complex key>",), value))
        stack[-1].skip = True

    def _node(self, event: Any, loc: Loc, parent: _Frame | None) -> Any:
        import yaml

        mark = event.start_mark
        self.doc.marks.setdefault(loc, (mark.line + 1, mark.column + 1))
        if isinstance(event, yaml.AliasEvent):
            anchor = str(event.anchor)
            if anchor not in self.aliases_reported:
                self.aliases_reported.add(anchor)
                place = self.anchors.get(anchor)
                where = f" (the anchor is on line {place[1].line + 1})" if place else ""
                self.problem(
                    "anchors and aliases (&, *) are not allowed in project files: write the "
                    f"value out{where}",
                    loc,
                    mark,
                )
            else:
                self.doc.broken.add(loc)
            return None
        if event.anchor is not None:
            self.anchors.setdefault(event.anchor, (loc, mark))
        if event.tag is not None and event.tag not in _STANDARD_TAGS:
            self.problem(
                f"the tag {event.tag!r} is not allowed: project files hold plain data only",
                loc,
                mark,
            )
            return (
                {}
                if isinstance(event, yaml.MappingStartEvent)
                else ([] if isinstance(event, yaml.SequenceStartEvent) else None)
            )
        if isinstance(event, yaml.MappingStartEvent):
            return {}
        if isinstance(event, yaml.SequenceStartEvent):
            return []
        if event.style not in (None, ""):  # quoted or block: always a string
            return event.value
        try:
            return resolve_scalar(event.value)
        except AmbiguousScalar as exc:
            self.problem(str(exc), loc, mark)
            return exc.yaml12_value  # read on, so that later problems are found too
