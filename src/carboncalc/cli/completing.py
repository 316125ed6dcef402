"""A shell's request for completions, checked before typer answers it.

The bash script that ``carboncalc completion bash`` prints calls carboncalc with
``_CARBONCALC_COMPLETE=complete_bash``, the words typed so far in ``COMP_WORDS`` and the index of
the word being completed in ``COMP_CWORD``. typer reads ``int(COMP_CWORD)`` unguarded, so a
request made by hand with ``COMP_CWORD=x`` (or without either variable) ended in a traceback, and
an instruction in another tool's style (``bash_complete``) in a misleading message and exit 1.
Such a request gets no completions: nothing written (a message would land in the middle of the
line being typed) and exit 2, carboncalc's status for input it cannot use; bash ignores the
status of the completion command, so nothing changes for a user at the prompt.

The completions themselves are here too, each run only when the shell asks: project names,
rule sets, the scenarios of the project named on the line, and field paths (the ones the named
project's file holds first). Whatever goes wrong while completing (a broken or missing file)
gives no completions, never a message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import typer

VERBS = ("complete", "source")  # complete_bash answers a request, source_bash prints the script
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def malformed(instruction: str, environ: Mapping[str, str]) -> bool:
    """Whether a completion request (``instruction``, the completion variable's value) cannot be
    answered: an instruction other than VERB_SHELL, or for bash completions, no ``COMP_WORDS``
    or a ``COMP_CWORD`` that is not a whole number, 0 or more. An empty instruction is no
    request (the command runs as usual)."""
    verb, _, shell = instruction.partition("_")  # as typer splits it
    if not instruction:
        return False
    if verb not in VERBS or shell not in SHELLS:
        return True
    if (verb, shell) != ("complete", "bash"):
        return False
    try:
        return "COMP_WORDS" not in environ or int(environ["COMP_CWORD"]) < 0
    except (KeyError, ValueError):
        return True


def complete_project(incomplete: str) -> list[str]:
    """Project names (and .yaml files here)."""
    from carboncalc.files.projects import LEDGER_SUFFIX, list_project_files

    names = [name for name, _ in list_project_files()]
    names += [p.name for p in Path.cwd().glob("*.yaml") if not p.name.endswith(LEDGER_SUFFIX)]
    return sorted(n for n in set(names) if n.startswith(incomplete))


def complete_rules(incomplete: str) -> list[str]:
    """The credit rule sets carboncalc ships (fcpf, vcs, art-trees)."""
    from carboncalc.files.config import shipped_names

    return sorted(name for name in shipped_names("rules", "sets") if name.startswith(incomplete))


def complete_scenario(ctx: typer.Context, incomplete: str) -> list[str]:
    """The scenarios of the project named on the line, in the file's order."""
    data = _project_data(ctx)
    scenarios = data.get("scenarios") if data is not None else None
    if not isinstance(scenarios, dict):
        return []
    return [str(name) for name in scenarios if str(name).startswith(incomplete)]


def complete_set(ctx: typer.Context, incomplete: str) -> list[str]:
    """``--set`` field paths (``deforestation.baseline.rate=``): those the named project's file
    holds first, then the rest of the schema's."""
    return [f"{path}=" for path in _field_paths(ctx) if path.startswith(incomplete)]


def complete_field(ctx: typer.Context, incomplete: str) -> list[str]:
    """sweep's FIELD: the inputs of the named project's file that hold a number (``area``,
    ``credits.buffer``: a value with or without its unit), which a sweep can move; the schema's
    paths where no file is named or it cannot be read."""
    from carboncalc.files.schema import field_paths

    data = _project_data(ctx)
    if data is None:
        return [path for path in _field_paths(ctx) if path.startswith(incomplete)]
    known = set(field_paths())  # a number the schema does not take as an input is not offered
    paths = [p for p in dict.fromkeys(_numbers(data, "")) if p in known]
    return [path for path in paths if path.startswith(incomplete)]


def _numbers(node: Any, prefix: str, depth: int = 0) -> Iterator[str]:
    """The dotted paths of a file's inputs that are numbers: a number itself, or a mapping with
    a numeric ``value``, ``low`` or ``high`` (a quantity with its unit and source, or a range),
    in the file's order."""
    if not isinstance(node, dict) or depth >= 6:
        return
    for key, child in node.items():
        path = f"{prefix}{key}"
        if path in ("sources", "claims", "notes", "scenarios", "report", "equivalents"):
            continue  # what the file cites, states or chooses (a factor edition), not an input
        quantity = isinstance(child, dict) and any(_numeric(child.get(k))
                                                   for k in ("value", "low", "high"))  # fmt: skip
        if _numeric(child) or quantity:
            yield path
        if isinstance(child, dict) and not quantity:
            yield from _numbers(child, f"{path}.", depth + 1)


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _field_paths(ctx: typer.Context) -> list[str]:
    from carboncalc.files.schema import field_paths

    known = field_paths()
    data = _project_data(ctx)
    present = [] if data is None else [p for p in dict.fromkeys(_paths(data, "")) if p in known]
    return present + [p for p in known if p not in set(present)]


def _paths(node: Any, prefix: str, depth: int = 0) -> Iterator[str]:
    """The dotted paths of a file's mappings, in the file's order, as deep as the schema's
    fields go (a mapping that holds itself, by YAML's anchors, ends there too)."""
    if isinstance(node, dict) and depth < 6:
        for key, child in node.items():
            path = f"{prefix}{key}"
            yield path
            yield from _paths(child, f"{path}.", depth + 1)


def _project_data(ctx: typer.Context) -> dict[str, Any] | None:
    """The YAML data of the project named on the line (as a command finds it, with any
    --projects-dir), read as any project file is (at most 1 MB, a regular file); None where
    there is no project named, or it cannot be found or read."""
    try:
        params = _params(ctx)
        ref = params.get("project")
        if not isinstance(ref, str) or not ref:
            return None
        import yaml

        from carboncalc.files.projects import find_project
        from carboncalc.files.reading import read_bytes

        _, path = find_project(ref, params.get("projects_dir"))
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(read_bytes(path, str(path)), Loader=loader)
    except Exception:  # completing: whatever went wrong, no completions and no message
        return None
    return data if isinstance(data, dict) else None


def _params(ctx: typer.Context) -> dict[str, Any]:
    """The command's values parsed so far. Where the word being completed is an option's value
    (``--scenario <TAB>``), click parsed the words before it with that option left without its
    value, gave up, and has none: the words are parsed again here without it."""
    if ctx.params.get("project"):
        return ctx.params
    words = _words_before()
    if ctx.info_name not in words:
        return ctx.params
    rest = words[words.index(ctx.info_name) + 1 :]
    if rest and rest[-1].startswith("-"):
        rest = rest[:-1]
    with ctx.command.make_context(ctx.info_name, rest, resilient_parsing=True) as again:
        return dict(again.params)


def _words_before() -> list[str]:
    """The words before the one being completed, as the shell's script hands them over: bash
    gives the words and the index of the word being completed; zsh and fish the line."""
    import os

    from typer._click.shell_completion import split_arg_string

    if "COMP_WORDS" in os.environ and os.environ.get("COMP_CWORD", "").isdigit():
        return split_arg_string(os.environ["COMP_WORDS"])[1 : int(os.environ["COMP_CWORD"])]
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(line)[1:]
    return words if line.endswith(" ") else words[:-1]
