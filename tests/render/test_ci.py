"""GitHub Actions workflow commands: any text gives exactly one line, and GitHub's unescaping
(the reverse of the escapes in actions/toolkit's command.ts) gives the text back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from workflow import parse

from carboncalc.render.ci import escape_data, escape_property, workflow_command

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@given(message=TEXT, path=TEXT, title=TEXT)
def test_any_text_gives_one_line_and_comes_back(message: str, path: str, title: str) -> None:
    line = workflow_command("error", message, file=path, line=7, col=3, title=title)
    # the runner reads its output line by line, at CR, LF or CRLF
    assert "\n" not in line and "\r" not in line
    kind, properties, back = parse(line)
    assert kind == "error" and back == message
    assert properties == {"file": path, "line": "7", "col": "3", "title": title}


def test_the_escapes_are_githubs() -> None:
    """The escapes of actions/toolkit's command.ts: %, CR and LF in data; : and , besides in a
    property."""
    assert escape_data("50%\r\nnext: a, b") == "50%25%0D%0Anext: a, b"
    assert escape_property("50%\r\nnext: a, b") == "50%25%0D%0Anext%3A a%2C b"
    assert workflow_command("warning", "m", file=None, line=None) == "::warning::m"
