"""Text from files and arguments made safe for a terminal, a log or a document.

A project file can hold any character in a double-quoted string (``"\\e[2J"`` clears a screen,
``"\\a"`` rings a bell), and a command line any byte. Every human-readable output passes such text
through :func:`printable`, which writes control characters as visible escapes; JSON keeps the
characters and escapes them as JSON does.
"""

from __future__ import annotations

import re

# C0 controls but newline, DEL, C1 controls, lone surrogates (bytes that were not UTF-8 on the
# command line), and the bidirectional overrides that can make text read differently than it is.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, limit: int | None = None, one_line: bool = False) -> str:
    """``text`` with control characters escaped (``\\x1b``), cut to ``limit`` characters with
    an ellipsis; with ``one_line``, newlines are escaped too."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_escape, text)
