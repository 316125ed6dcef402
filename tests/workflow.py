"""GitHub Actions workflow commands read back as GitHub's runner reads them (the reverse of the
escapes in actions/toolkit's command.ts), for the tests of ``check --output-format github``."""

from __future__ import annotations

import re

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def unescape_data(text: str) -> str:
    """As GitHub's runner reads a command's message."""
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def unescape_property(text: str) -> str:
    """As GitHub's runner reads a property value."""
    for escaped, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r")):
        text = text.replace(escaped, raw)
    return text.replace("%25", "%")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command's kind, properties and message, read as GitHub reads them: the
    properties end at the first `::`, each is split at `,` then at the first `=`."""
    found = COMMAND.match(line)
    assert found is not None, line
    kind, props, message = found.groups()
    properties = {}
    for part in (props or "").split(","):
        name, _, value = part.partition("=")
        properties[name] = unescape_property(value)
    return kind, properties, unescape_data(message)
