"""A shell's request for completions, checked before typer answers it.

The bash script that ``carboncalc completion bash`` prints calls carboncalc with
``_CARBONCALC_COMPLETE=complete_bash``, the words typed so far in ``COMP_WORDS`` and the index of
the word being completed in ``COMP_CWORD``. typer reads ``int(COMP_CWORD)`` unguarded, so a
request made by hand with ``COMP_CWORD=x`` (or without either variable) ended in a traceback, and
an instruction in another tool's style (``bash_complete``) in a misleading message and exit 1.
Such a request gets no completions: nothing written (a message would land in the middle of the
line being typed) and exit 2, carboncalc's status for input it cannot use; bash ignores the
status of the completion command, so nothing changes for a user at the prompt.
"""

from __future__ import annotations

from collections.abc import Mapping

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
