"""``check``'s output for CI: GitHub Actions workflow commands and JUnit XML.

GitHub: one workflow command per line on stdout, as GitHub Actions reads them to annotate a
pull request's files (its "Workflow commands for GitHub Actions" reference, and the escapes of
the actions/toolkit ``command.ts`` it points to)::

    ::error file=PATH,line=N,col=N,title=TITLE::MESSAGE

``::error`` for a claim that fails (other than as its file expects), a claim that holds where
its file expects it to fail, each problem of an invalid file and each placeholder;
``::warning`` for a claim that cannot be checked; ``::notice`` for an expected failure. In the
message ``%``, CR and LF are escaped as ``%25``, ``%0D`` and ``%0A``; in a property, ``:`` and
``,`` too (``%3A``, ``%2C``), so any text gives exactly one line.

JUnit: ``<testsuites>`` with one ``<testsuite>`` per file and a ``<testcase>`` per claim (and
case), placeholder or invalid file: ``<failure>`` where check fails on it, ``<error>`` for an
invalid file, ``<skipped>`` for an expected failure and for a claim that cannot be checked.
Written with :mod:`xml.etree.ElementTree`, which escapes text and attributes.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from carboncalc.printable import printable

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from carboncalc.core.claims import ClaimCheck
    from carboncalc.reports.check import CheckResult

TITLE = "carboncalc check"


def check_writer(fmt: str) -> Any:
    """The writer of ``check``'s output in ``fmt``: each file's result as it comes (``add``),
    then the summary (``close``)."""
    if fmt == "github":
        return GithubWriter()
    if fmt == "junit":
        return JunitWriter()
    from carboncalc.render.check import CheckWriter

    return CheckWriter("table" if fmt == "text" else fmt)  # type: ignore[arg-type]


# --- GitHub Actions -------------------------------------------------------------------------------


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as its message, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(kind: str, message: str, **properties: object) -> str:
    """``::KIND prop=value,...::MESSAGE``, escaped; properties that are None are left out."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items()
                     if v is not None)  # fmt: skip
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def repo_path(path: str) -> str:
    """A file as a CI annotates it: relative to the working directory (the repository's root in
    a workflow) where it is inside it, else as given."""
    import os

    try:  # symbolic links are kept: the path as the user's folder holds it
        inside = os.path.relpath(os.path.abspath(path), os.getcwd())
    except (ValueError, OSError):  # another drive, or no working directory
        return path
    return path if inside.startswith(os.pardir) else inside.replace(os.sep, "/")


def github_lines(r: CheckResult) -> list[str]:
    """One file's annotations (none for a claim that holds as it should)."""
    from carboncalc.files.placeholders import MESSAGE

    lines = []
    for p in r.problems:
        message = printable(f"{p.field}: {p.message}" if p.field else p.message)
        where = {"file": repo_path(p.path or r.file), "line": p.line, "col": p.column}
        lines.append(workflow_command("error", message, **where, title=f"{TITLE} (invalid file)"))
    for ph in r.placeholders:
        where = {"file": repo_path(ph.path), "line": ph.line}
        lines.append(workflow_command("error", f"{ph.field}: {MESSAGE}", **where,
                                      title=f"{TITLE} (placeholder)"))  # fmt: skip
    for c in r.claims:
        kind = _annotation(c)
        if kind is not None:
            where = {"file": repo_path(r.file), "line": c.line, "col": c.column}
            lines.append(workflow_command(kind, claim_message(c), **where,
                                          title=f"{TITLE} ({c.claim_id})"))  # fmt: skip
    return lines


def _annotation(c: ClaimCheck) -> str | None:
    if c.expected:
        return "notice"
    if c.unexpected_pass or c.verdict == "fails":
        return "error"
    return "warning" if c.verdict == "unchecked" else None


def claim_message(c: ClaimCheck) -> str:
    """A claim's verdict in a sentence, as check's answer gives it (control characters from
    the file shown as escapes)."""
    from carboncalc.render.tablekit import claim_sentence

    return printable(claim_sentence(c))


class GithubWriter:
    """``check --output-format github``: each file's annotations as its result comes."""

    def add(self, result: CheckResult) -> None:
        lines = github_lines(result)
        if lines:
            sys.stdout.write("\n".join(lines) + "\n")

    def close(self, summary: dict[str, int], exit_code: int) -> None:
        pass  # the exit code is the verdict; nothing else goes to stdout


# --- JUnit XML ------------------------------------------------------------------------------------

COUNTS = ("tests", "failures", "errors", "skipped")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: control characters (which it cannot) shown as escapes."""
    return printable(text)


def junit_suite(r: CheckResult) -> tuple[ET.Element, dict[str, int]]:
    """One file's ``<testsuite>`` and its counts."""
    import xml.etree.ElementTree as ET

    from carboncalc.files.placeholders import MESSAGE

    counts = dict.fromkeys(COUNTS, 0)
    file = _xml_text(repo_path(r.file))
    suite = ET.Element("testsuite", name=_xml_text(r.project), file=file)

    def case(name: str, line: int | None, outcome: str | None, message: str = "") -> None:
        attrs = {"classname": _xml_text(r.project), "name": _xml_text(name), "file": file}
        if line is not None:
            attrs["line"] = str(line)
        element = ET.SubElement(suite, "testcase", attrs)
        counts["tests"] += 1
        if outcome is not None:
            counts[{"failure": "failures", "error": "errors", "skipped": "skipped"}[outcome]] += 1
            ET.SubElement(element, outcome, message=_xml_text(message.split("\n", 1)[0]))
            if "\n" in message:
                element[0].text = _xml_text(message)

    if r.problems:
        n = len(r.problems)
        first = next((p.line for p in r.problems if p.line is not None), None)
        case("valid file", first, "error",
             f"{n} problem{'s' * (n != 1)}\n" + "\n".join(map(str, r.problems)))  # fmt: skip
    for p in r.placeholders:
        case(f"placeholder {p.field}", p.line, "failure", f"{p.field}: {MESSAGE}")
    for c in r.claims:
        name = c.claim_id + ("" if c.case == "central" else f" ({c.case})")
        if c.expected or c.verdict == "unchecked":
            case(name, c.line, "skipped", claim_message(c))
        elif c.verdict == "fails" or c.unexpected_pass:
            case(name, c.line, "failure", claim_message(c))
        else:
            case(name, c.line, None)
    for key in COUNTS:
        suite.set(key, str(counts[key]))
    return suite, counts


class JunitWriter:
    """``check --output-format junit``: the XML, written when every file is checked (the totals
    come first); each file's suite is kept as text meanwhile."""

    def __init__(self) -> None:
        self.suites: list[str] = []
        self.totals = dict.fromkeys(COUNTS, 0)

    def add(self, result: CheckResult) -> None:
        import xml.etree.ElementTree as ET

        suite, counts = junit_suite(result)
        for key in COUNTS:
            self.totals[key] += counts[key]
        ET.indent(suite, space="  ", level=1)
        # ASCII, other characters as references: valid whatever stdout's encoding
        self.suites.append(ET.tostring(suite, encoding="us-ascii").decode("ascii"))

    def close(self, summary: dict[str, int], exit_code: int) -> None:
        from xml.sax.saxutils import quoteattr

        attrs = " ".join(f"{k}={quoteattr(str(self.totals[k]))}" for k in COUNTS)
        out = sys.stdout
        out.write('<?xml version="1.0" encoding="utf-8"?>\n')
        out.write(f"<testsuites name={quoteattr(TITLE)} {attrs}>\n")
        for text in self.suites:
            out.write("  " + text + "\n")
        out.write("</testsuites>\n")
