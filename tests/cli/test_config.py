"""Shared settings (carboncalc.toml, or [tool.carboncalc] in pyproject.toml): found from the
working folder upward, applied as the defaults of every command's options, after the command
line and the environment; a bad file is one line per problem and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
SEEDS = Path(__file__).parents[2] / "projects"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (its .git stops the search) with a folder of one project, worked in from
    a subfolder two levels down; a folder above it, outside the repository."""
    tmp_path = tmp_path / "repo"
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "alto-mayo.yaml").write_bytes((SEEDS / "alto-mayo.yaml").read_bytes())
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    monkeypatch.delenv("CARBONCALC_PROJECTS_DIR", raising=False)
    return tmp_path


def listed(*args: str, env: dict[str, str] | None = None) -> list[str]:
    code, out, err = run("list", "-f", "json", *args, env=env)
    assert code == 0, err
    return [p["file"] for p in json.loads(out)["projects"]]


def test_projects_dir_is_relative_to_the_file_and_the_environment_and_option_win(
    repo: Path,
) -> None:
    (repo / "carboncalc.toml").write_text('projects-dir = "mine"\n', encoding="utf-8")
    assert listed() == [str(repo / "mine" / "alto-mayo.yaml")]
    env = {"CARBONCALC_PROJECTS_DIR": str(SEEDS)}
    seeds = listed("--projects-dir", str(SEEDS))
    assert len(seeds) > 1 and listed(env=env) == seeds
    assert listed("--projects-dir", str(repo / "mine"), env=env) == listed()


def test_samples_and_seed_are_the_defaults_and_the_command_line_wins(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """With samples 300 and seed 7 in the file, `stock` prints what `--samples 300 --seed 7`
    prints where no file is (and not carboncalc's own defaults); --samples on the command
    line beats the file's."""
    stock = ("stock", "alto-mayo", "-f", "json")
    bare = run(*stock)[1]
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.carboncalc]\nsamples = 300\nseed = 7\n', encoding="utf-8"
    )
    configured, with_500 = run(*stock)[1], run(*stock, "--samples", "500")[1]
    os.chdir(tmp_path_factory.mktemp("elsewhere"))
    (Path.cwd() / ".git").mkdir()
    assert configured == run(*stock, "--samples", "300", "--seed", "7")[1] != bare
    assert with_500 == run(*stock, "--samples", "500", "--seed", "7")[1]


def test_which_file_applies(repo: Path) -> None:
    """carboncalc.toml wins in its folder; a pyproject.toml without the table is passed by;
    the search stops at the folder holding .git."""
    here = repo / "a" / "b"
    (here / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n", encoding="utf-8")
    (repo / "a" / "pyproject.toml").write_text("[tool.carboncalc]\nseed = 1\n", encoding="utf-8")
    (repo / "a" / "carboncalc.toml").write_text("seed = 2\n", encoding="utf-8")
    (repo.parent / "carboncalc.toml").write_text("seed = 3\n", encoding="utf-8")
    code, out, _ = run("--show-config")
    assert code == 0
    assert f"seed = 2                  # {repo / 'a' / 'carboncalc.toml'}:1" in out.splitlines()
    (repo / "a" / "carboncalc.toml").unlink()
    assert "seed = 1" in run("--show-config")[1]
    (repo / "a" / "pyproject.toml").unlink()
    out = run("--show-config")[1]
    assert "seed = 0                  # built-in default" in out  # not the file above .git


def test_show_config_says_where_each_setting_comes_from(repo: Path) -> None:
    os.chdir(repo)
    (repo / "carboncalc.toml").write_text('# shared\nrules = "vcs"\n\nformat = "json"\n'
                                          'projects-dir = "mine"\n', encoding="utf-8")  # fmt: skip
    code, out, err = run("--show-config", env={"CARBONCALC_PROJECTS_DIR": str(SEEDS)})
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "# settings file: carboncalc.toml",
        'rules = "vcs"             # carboncalc.toml:2',
        "samples = 10000           # built-in default",
        "seed = 0                  # built-in default",
        "# factors: unset (the project's equivalents.factors, else the current edition)",
        f'projects-dir = "{SEEDS}"  # CARBONCALC_PROJECTS_DIR (environment)',
        'format = "json"           # carboncalc.toml:4',
    ]
    assert json.loads(run("stock", "alto-mayo")[1])["command"] == "stock"  # format = json


def test_each_bad_setting_is_one_line_with_its_line_and_exit_2(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("\n".join([
        "[project]", 'name = "x"', "samples = 5", "", "[tool.carboncalc]", "sample = 500",
        "samples = 50", 'seed = "1"', 'rules = "vsc"', "factors = 2017", 'format = "xml"',
        'projects-dir = "nowhere"', "", "[tool.other]", "samples = 3", ""]),
        encoding="utf-8")  # fmt: skip
    code, out, err = run("stock", "alto-mayo")
    assert (code, out) == (2, "")
    file = repo / "pyproject.toml"
    assert [line.split(": ", 2)[:2] for line in err.splitlines()] == [
        [f"{file}:{n}", f"tool.carboncalc.{key}"] for n, key in
        [(6, "sample"), (7, "samples"), (8, "seed"), (9, "rules"), (10, "factors"),
         (11, "format"), (12, "projects-dir")]]  # fmt: skip
    assert err.splitlines()[0].endswith("no such setting; did you mean 'samples'?")
    assert "from 100 to 1,000,000, got 50" in err.splitlines()[1]
    assert err.splitlines()[3].endswith("expected a rule set, got 'vsc'; did you mean 'vcs'?")
    assert err.splitlines()[5].endswith(
        "expected an output format (csv, csv-full, github, json, junit, table, text), got 'xml'"
    )


def test_a_toml_syntax_error_names_the_line_and_column(repo: Path) -> None:
    os.chdir(repo)
    (repo / "carboncalc.toml").write_text("samples = 300\nseed =\n", encoding="utf-8")
    code, out, err = run("list")
    assert (code, out) == (2, "")
    assert err.startswith("carboncalc.toml:2:7: invalid TOML: ") and len(err.splitlines()) == 1


def test_a_bad_file_through_the_console_script_is_no_traceback(repo: Path) -> None:
    (repo / "carboncalc.toml").write_text("samples = [\n", encoding="utf-8")
    found = subprocess.run([sys.executable, "-m", "carboncalc", "list"], capture_output=True,
                           text=True, check=False,
                           env={**os.environ, "PYTHONPATH": SRC})  # fmt: skip
    assert (found.returncode, found.stdout) == (2, "")
    assert found.stderr.startswith(f"{repo / 'carboncalc.toml'}: invalid TOML: ")
    assert len(found.stderr.splitlines()) == 1


SRC = str(Path(__file__).parents[2] / "src")


def test_reading_the_settings_loads_neither_pydantic_nor_rich(repo: Path) -> None:
    """Start-up: the settings are read on every run, with tomllib and a small module only."""
    (repo / "carboncalc.toml").write_text("samples = 300\nseed = 4\n", encoding="utf-8")
    code = "\n".join([
        "import sys",
        "from pathlib import Path",
        "from carboncalc.files.config import load_config",
        "c = load_config(Path.cwd(), formats=['table'], samples_between=(100, 10**6))",
        "assert c is not None and c.values == {'samples': 300, 'seed': 4}, c",
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'rich')))",
    ])  # fmt: skip
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=False, env={**os.environ, "PYTHONPATH": SRC})  # fmt: skip
    assert (found.returncode, found.stdout, found.stderr) == (0, "[]\n", "")


def test_each_setting_reaches_every_command_with_its_option(repo: Path) -> None:
    """The defaults go to each command that has the option: format only where the command's
    default is a table and it writes that format (ledger prints YAML to paste by default)."""
    import typer

    from carboncalc.cli import CheckFmt
    from carboncalc.cli.configuring import apply_config

    def defaults_of(settings: str) -> dict[str, dict[str, object]]:
        (repo / "carboncalc.toml").write_text(settings, "utf-8")
        group = typer.main.get_command(app)
        ctx = group.make_context("carboncalc", [], resilient_parsing=True)
        apply_config(ctx, formats=list(CheckFmt))
        return ctx.default_map or {}

    group = typer.main.get_command(app)
    defaults = defaults_of('format = "json"\nseed = 3\nrules = "vcs"\n')
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        params = {p.name for p in command.params}
        given = defaults.get(name, {})
        assert ("seed" in given) == ("seed" in params), name
        assert ("rules" in given) == ("rules" in params), name
        if "fmt" in given:
            assert given["fmt"] == "json" and name != "ledger", name
    assert defaults["credits"] == {"fmt": "json", "seed": 3, "rules": "vcs"}
    assert defaults["stock"] == {"fmt": "json", "seed": 3}
    assert "fmt" not in defaults.get("ledger", {}) and "fmt" not in defaults.get("report", {})
    assert defaults["report"]["seed"] == 3
    assert defaults["check"]["fmt"] == "json"  # check's format option is --output-format too
    # text and table are one format: check calls it text, the other commands table
    assert defaults_of('format = "text"\n')["stock"] == {"fmt": "table"}
    assert defaults_of('format = "table"\n')["check"] == {"fmt": "table"}
    # github and junit are check's alone: a CI's settings leave the other commands' tables
    github = defaults_of('format = "github"\n')
    assert github["check"] == {"fmt": "github"} and "stock" not in github


def test_a_seed_is_any_whole_number_as_the_option_takes_it(repo: Path) -> None:
    """`--seed -1` runs, so `seed = -1` in the file does too, and gives the same output."""
    (repo / "carboncalc.toml").write_text("seed = -1\nsamples = 200\n", encoding="utf-8")
    configured = run("uncertainty", "alto-mayo", "-f", "json")
    given = run("uncertainty", "alto-mayo", "-f", "json", "--seed", "-1", "--samples", "200")
    assert configured[0] == 0 and configured == given


def test_a_factors_file_that_is_not_there_is_said_at_once(repo: Path) -> None:
    """`factors = "mine.yaml"` names a file beside the settings: where there is none, every
    command says so at the setting's line (not only the one command that reads factors)."""
    (repo / "carboncalc.toml").write_text('samples = 200\nfactors = "mine.yaml"\n', "utf-8")
    code, out, err = run("list")
    assert (code, out) == (2, "")
    assert err.startswith(f"{repo / 'carboncalc.toml'}:2: factors: expected a factors file")
    assert len(err.splitlines()) == 1


def test_the_environment_wins_over_a_stale_projects_dir(repo: Path) -> None:
    """With CARBONCALC_PROJECTS_DIR set, the file's projects-dir is neither used nor checked: a
    folder since removed there does not stop every command."""
    seeds = listed("--projects-dir", str(SEEDS))
    (repo / "carboncalc.toml").write_text('projects-dir = "gone"\n', encoding="utf-8")
    assert run("list")[0] == 2  # alone, the stale setting is said
    assert listed(env={"CARBONCALC_PROJECTS_DIR": str(SEEDS)}) == seeds
