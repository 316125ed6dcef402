"""Commands that write files or describe them: schema, new, report."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from carboncalc.cli import (
    ProjectArg,
    ProjectsDirOpt,
    QuietOpt,
    RulesOpt,
    SamplesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    _factors,
    _load,
    _note,
    _reported,
    app,
    examples,
)
from carboncalc.core.sampling import DEFAULT_SAMPLES
from carboncalc.errors import CarboncalcError

if TYPE_CHECKING:
    pass


@app.command(
    rich_help_panel="Files",
    short_help="The JSON Schema of a project file or of a command's output.",
    help="Print the JSON Schema of a project file, or of a command's JSON output.\n\n"
    "Editors that read `# yaml-language-server: $schema=...` complete fields, show units and "
    "descriptions on hover and mark mistakes as you type. With --command COMMAND, the "
    "contract of that command's --format json document, for a script to validate against.",
    epilog=examples(
        "carboncalc schema > projects/project.schema.json", "carboncalc schema --command credits"
    ),
)
def schema(
    command: Annotated[
        str | None,
        typer.Option(
            "--command", metavar="COMMAND", help="A command whose JSON output to describe."
        ),
    ] = None,
    old_name: Annotated[
        str | None,
        typer.Option(
            "--output",
            metavar="COMMAND",
            hidden=True,
            help="The old name of --command, kept for scripts that use it.",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of a project file, or of a command's JSON output."""
    from carboncalc.render.recordkit import json_text

    output = command if command is not None else old_name
    if command is None and old_name is not None:  # --output names a file everywhere else
        sys.stderr.write(
            "carboncalc: schema --output is now schema --command (--output names "
            "the file a command writes, as in report)\n"
        )
    with _reported():
        if output is None:
            from carboncalc.files.schema import json_schema

            document = json_schema()
        else:
            from carboncalc.render.contracts import ALIASES, BODIES, output_schema

            known = sorted([*BODIES, *ALIASES])
            if output not in known:
                raise CarboncalcError(f"--command: no JSON output for {output!r} (commands: "
                                      f"{', '.join(known)})")  # fmt: skip
            document = output_schema(output)
    sys.stdout.write(json_text(document) + "\n")


@app.command(
    rich_help_panel="Files",
    help="Write a commented starting file for a new project.\n\n"
    "NAME is a plain name, written as NAME.yaml in --projects-dir (or $CARBONCALC_PROJECTS_DIR), "
    "else in ./projects if it exists, else here; or a path ending in .yaml. Each value it makes "
    "up is an assumption marked `placeholder: true` (the country is XX): check fails and "
    "reports say DRAFT until each is replaced and its mark deleted. An existing file is "
    "never overwritten. With --country CC, the countries are filled in and the density is "
    "the IPCC Tier 1 default for tropical rain forest in the country's region (IPCC 2006 "
    "Vol. 4 Table 4.7), marked as an assumption. With --from-evidence ID, the file is "
    "pre-filled from the evidence set: area, start, country, registry id and rates cited, a "
    "Tier 1 density marked as an assumption and a placeholder buffer. Where the folder has no "
    "project.schema.json, it is written too, for completion in editors.",
    epilog=examples(
        "carboncalc new my-forest",
        "carboncalc new my-forest --country SL",
        "carboncalc new --from-evidence 1067",
        "carboncalc credits vcs-1067",
    ),
)
def new(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="Project name, or a path ending in .yaml (with --from-evidence: vcs-ID "
            "if not given).",
        ),
    ] = None,
    from_evidence: Annotated[
        str | None,
        typer.Option(
            "--from-evidence",
            metavar="ID",
            help="Pre-fill the file from the evidence set's project ID (see `carboncalc "
            "evidence`).",
        ),
    ] = None,
    countries: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            metavar="CC",
            help="The project's country, ISO 3166-1 alpha-2 (e.g. SL), repeatable: fills in "
            "`countries` and an IPCC Tier 1 above-ground density for tropical rain forest in "
            "its region, marked as an assumption.",
        ),
    ] = None,
    projects_dir: ProjectsDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write a commented starting file for a new project."""
    from carboncalc.files.projects import new_project_file

    with _reported():
        if name is None:
            if from_evidence is None:
                raise CarboncalcError("give a NAME for the new project (or --from-evidence ID)")
            prefix = "planvivo" if from_evidence.upper().startswith("PL") else "vcs"
            name = f"{prefix}-{from_evidence}"
        if countries and from_evidence is not None:
            raise CarboncalcError("--country and --from-evidence cannot be used together: "
                                  "the evidence set gives the project's country")  # fmt: skip
        path = new_project_file(name, projects_dir, evidence=from_evidence, countries=countries)
        schema = _schema_beside(path)
    _note(f"wrote {path}", quiet=quiet)
    if schema is not None:
        _note(f"wrote {schema} for completion in editors", quiet=quiet)


def _schema_beside(path: Path) -> Path | None:
    """Write project.schema.json beside a new project file, where none is there (never over
    one), so that the file's `$schema` line resolves; the path written, or None."""
    from carboncalc.files.schema import json_schema
    from carboncalc.files.writing import write_text
    from carboncalc.render.recordkit import json_text

    schema = path.parent / "project.schema.json"
    if os.path.lexists(schema):
        return None
    try:
        write_text(schema, json_text(json_schema()) + "\n", replace=False, if_exists="kept")
    except CarboncalcError:  # made meanwhile by another: it is there, which is what counts
        return None
    return schema


@app.command(
    rich_help_panel="Files",
    help="Write a self-contained Markdown or HTML report of a project.\n\n"
    "In the order a reader asks: a summary in plain words with the key figures, the verdict on "
    "each published claim and the independent evidence, the forest lost, what the figures rest "
    "on, the inputs with their sources and the credits; then the methods and the tables year "
    "by year in appendices, and the date, the input files' SHA-256 and the command that makes "
    "it again. Charts are inline SVG in HTML when matplotlib is installed, text otherwise; the "
    "HTML prints on a few pages (the appendices stay in the file). An existing FILE is replaced "
    "only with --force; the report is written to a temporary file first, so a failure leaves "
    "the old one intact.",
    epilog=examples(
        "carboncalc report alto-mayo -o alto-mayo.html",
        "carboncalc report alto-mayo -o alto-mayo.md --rules fcpf",
    ),
)
def report(
    project: ProjectArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.md or FILE.html.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists (never through a link).")
    ] = False,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    rules: RulesOpt = None,
    seed: SeedOpt = 0,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write a Markdown or HTML report of a project."""
    from carboncalc.api.outputs import made_by
    from carboncalc.files.writing import check_report_path, write_text
    from carboncalc.render import document
    from carboncalc.reports.kept import kept_ranges, kept_run
    from carboncalc.reports.projects import everything_report

    with _reported():
        check_report_path(output, replace=force, spelled=("-o", "--force"))
        suffix = output.suffix.lower()
        loaded = _load(project, projects_dir, sets, scenario, rules)
        table, edition = _factors(None, loaded)
        parts = everything_report(loaded, table=table, samples=samples, seed=seed, edition=edition,
                                  runner=kept_run, ranges_runner=kept_ranges)  # fmt: skip
        made = made_by(loaded, project, output, samples=samples, seed=seed, rules=rules,
                       sets=sets, scenario=scenario)  # fmt: skip
        blocks = document.blocks(loaded, **parts, made=made)
        text = document.markdown(blocks) if suffix == ".md" else document.html_page(blocks)
        replaced = write_text(output, text, replace=force, if_exists="--force replaces it")
    _note(f"wrote {output}" + (" (replaced the file that was there)" if replaced else ""),
          quiet=quiet)  # fmt: skip


@app.command(
    rich_help_panel="Files",
    help="Print the shell completion script for bash, zsh or fish.\n\n"
    "It completes commands, options, project names, rule sets, the named project's scenarios "
    "and field paths (--set, sweep's FIELD: the file's own first); the completion code runs "
    "only when the shell asks, so start-up is unchanged. Install it once, for bash: "
    "carboncalc completion bash >> ~/.bashrc (zsh: ~/.zshrc; fish: "
    "~/.config/fish/completions/carboncalc.fish).",
    epilog=examples(
        "carboncalc completion bash >> ~/.bashrc",
        "carboncalc completion zsh > ~/.zfunc/_carboncalc",
    ),
)
def completion(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script."""
    from carboncalc.cli import COMPLETE_VAR

    with _reported():
        if shell not in ("bash", "zsh", "fish"):
            raise CarboncalcError(f"completion is for bash, zsh or fish, not {shell!r}")
        import typer.completion
        from typer._completion_shared import get_completion_script

        typer.completion.completion_init()  # type: ignore[attr-defined]
        script = get_completion_script(prog_name="carboncalc", complete_var=COMPLETE_VAR,
                                       shell=shell)  # fmt: skip
    sys.stdout.write(script.rstrip("\n") + "\n")
