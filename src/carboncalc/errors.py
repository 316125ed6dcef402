"""One family of errors: everything carboncalc raises on purpose is a ``CarboncalcError``.

The CLI catches only these, prints them on stderr and exits 2; any other exception is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Problem:
    """One problem in one input, located as precisely as we can."""

    message: str
    path: str | None = None  # file the problem is in
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # dotted field path, e.g. ``area.unit``

    def __str__(self) -> str:
        """``path:line:column: field: message``; a part longer than anyone reads (a 5,000-digit
        --set, say) is cut with an ellipsis."""
        where = ""
        if self.path is not None:
            where = _short(self.path, 160)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{_short(self.field, 160)}: " if self.field else ""
        return f"{where}{field}{_short(self.message, 600)}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, cut to ``limit`` characters with an ellipsis: a message
    about a line of a file shows only the start of it."""
    return repr(_short(text, limit))


MAX_PROBLEMS = 50  # per file; a file with more is reported with "... and N more"


def more_problems(more: int, path: str | None) -> Problem:
    """The line after the first :data:`MAX_PROBLEMS` problems of a file: how many more."""
    return Problem(f"... and {more:,} more problems (the first {MAX_PROBLEMS} are shown)", path)


class CarboncalcError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        # rebuilt from its problems, with their places (a sweep step computed in another
        # process sends its error back this way)
        return (type(self), (self.problems,))


class ProjectFileError(CarboncalcError, ValueError):
    """A project file (or an override of it) is not valid."""


class ArgumentError(CarboncalcError, ValueError):
    """A Python function's argument is not one it takes (the command line's options are checked
    by the command line): its message names the argument as the caller wrote it."""


class ProjectNotFoundError(CarboncalcError, LookupError):
    """No project of that name in the project set."""


class UnitError(CarboncalcError, ValueError):
    """A value's unit is unknown or does not fit the quantity."""


class ComputationError(CarboncalcError, ValueError):
    """Inputs are valid on their own but the requested computation cannot be made."""


class ProjectContentError(ComputationError):
    """The project file lacks what a computation needs (a `credits` section, a counterfactual
    rate, a gas factor). Raised where the file is not known; the command that loaded the
    file adds its path, so the message names the file."""

    def located(self, path: str) -> ProjectContentError:
        """The same problems, each with ``path`` where it names no file."""
        return ProjectContentError([p if p.path else replace(p, path=path) for p in self.problems])
