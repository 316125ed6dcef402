"""Plain YAML scalars resolved by the YAML 1.2 core schema, not PyYAML's YAML 1.1 rules.

PyYAML reads ``NO`` as False, ``1:30`` as 90 and ``010`` as 8. carboncalc reads ``NO`` and ``1:30``
as strings (so a country code stays a country code, and a number field says it got text), and
refuses ``010``, which YAML 1.1 and 1.2 tools read differently.
"""

from __future__ import annotations

import math
import re
from typing import Any

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


class AmbiguousScalar(ValueError):
    """A plain scalar that YAML 1.1 and YAML 1.2 tools read as different values."""

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
    if _LEADING_ZERO.match(text):
        raise AmbiguousScalar(
            f"{text!r} has a leading zero: YAML 1.1 tools read it as octal "
            f"({int(text, 8) if set(text.lstrip('+-')) <= set('01234567') else 'invalid'}), "
            f"YAML 1.2 as {int(text)}; write {int(text)}, or quote it if it is text",
            int(text),
        )
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text in _SPECIAL:
        return _SPECIAL[text]
    return text
