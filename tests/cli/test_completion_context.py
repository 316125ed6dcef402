"""Completion from what is already on the line, asked the way bash asks it (the script of
`carboncalc completion bash` sets COMP_WORDS and COMP_CWORD and calls carboncalc): rule sets for
--rules, the named project's scenarios for --scenario, its own fields first for --set and for
sweep's FIELD; a broken file gives no completions and no message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
SRC = str(ROOT / "src")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "projects").mkdir()
    seed = (ROOT / "projects" / "alto-mayo.yaml").read_text(encoding="utf-8")
    (tmp_path / "projects" / "alto-mayo.yaml").write_text(seed, encoding="utf-8")
    (tmp_path / "projects" / "broken.yaml").write_text("name: [\nscenarios: {a: 1", "utf-8")
    (tmp_path / "projects" / "listed.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (tmp_path / "projects" / "looped.yaml").write_text("&a {area: *a, scenarios: *a}\n", "utf-8")
    return tmp_path


def complete(folder: Path, line: str) -> tuple[list[str], str]:
    """What bash offers for the last word of ``line`` (a line ending in a space: a new word)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARBONCALC_")}
    env.update(_CARBONCALC_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(cword),
               PYTHONPATH=SRC)  # fmt: skip
    found = subprocess.run([sys.executable, "-m", "carboncalc"], env=env, cwd=folder,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert found.returncode == 0, found.stderr
    return found.stdout.split(), found.stderr


def test_rules_completes_the_rule_sets_not_file_names(folder: Path) -> None:
    (folder / "vcs-notes.txt").write_text("", encoding="utf-8")
    rules = yaml.safe_load((ROOT / "src/carboncalc/files/factors/rules.yaml").read_text("utf-8"))
    assert complete(folder, "carboncalc credits alto-mayo --rules ") == (sorted(rules["sets"]), "")
    assert complete(folder, "carboncalc credits alto-mayo --rules v") == (["vcs"], "")


def test_scenario_completes_the_named_projects_scenarios(folder: Path) -> None:
    names = list(yaml.safe_load((folder / "projects/alto-mayo.yaml").read_text("utf-8"))
                 ["scenarios"])  # fmt: skip
    assert len(names) >= 2
    assert complete(folder, "carboncalc credits alto-mayo --scenario ") == (names, "")
    first = names[0]
    offered, _ = complete(folder, f"carboncalc stock alto-mayo -f json --scenario {first[:3]}")
    assert offered == [n for n in names if n.startswith(first[:3])]
    assert complete(folder, "carboncalc credits --scenario ") == ([], "")  # no project yet


def flattened(node: object, prefix: str = "") -> list[str]:
    """Every dotted path of a YAML mapping, depth first, in the file's order."""
    if not isinstance(node, dict):
        return []
    found = []
    for key, child in node.items():
        found += [f"{prefix}{key}", *flattened(child, f"{prefix}{key}.")]
    return found


def test_set_offers_the_files_own_fields_first(folder: Path) -> None:
    from carboncalc.files.schema import field_paths

    known = field_paths()
    offered, err = complete(folder, "carboncalc stock alto-mayo --set ")
    assert err == ""
    data = yaml.safe_load((folder / "projects/alto-mayo.yaml").read_text("utf-8"))
    own = [f"{p}=" for p in dict.fromkeys(flattened(data)) if p in known]
    assert "area.value=" in own and "boundary=" not in own
    assert offered == own + [f"{p}=" for p in sorted(known) if f"{p}=" not in own]
    bare, _ = complete(folder, "carboncalc stock --set ")
    assert bare == [f"{p}=" for p in sorted(known)]


def test_sweep_field_completes_field_paths(folder: Path) -> None:
    offered, err = complete(folder, "carboncalc sweep alto-mayo deforestation.baseline.r")
    assert err == "" and "deforestation.baseline.rate" in offered
    assert all(p.startswith("deforestation.baseline.r") and "=" not in p for p in offered)


@pytest.mark.parametrize("project", ["broken", "listed", "missing", "../../etc/passwd"])
def test_a_broken_or_missing_project_gives_nothing_and_no_traceback(
    folder: Path, project: str
) -> None:
    assert complete(folder, f"carboncalc credits {project} --scenario ") == ([], "")
    from carboncalc.files.schema import field_paths

    offered, err = complete(folder, f"carboncalc stock {project} --set are")
    assert err == "" and offered == [f"{p}=" for p in sorted(field_paths()) if p.startswith("are")]
    assert offered[0] == "area="  # the schema's order: no file's fields first


def test_a_mapping_that_holds_itself_is_no_endless_walk(folder: Path) -> None:
    """YAML's anchors can make a mapping that holds itself: its paths end at the schema's depth
    (complete() checks exit 0; nothing is written on stderr)."""
    offered, err = complete(folder, "carboncalc stock looped --set area")
    assert err == "" and offered[0] == "area=" and "area.value=" in offered


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_hand_over_the_line(folder: Path, shell: str) -> None:
    """Their scripts give the line typed so far (the word being completed last, if any)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARBONCALC_", "COMP_"))}
    env.update(_CARBONCALC_COMPLETE=f"complete_{shell}", PYTHONPATH=SRC,
               _TYPER_COMPLETE_ARGS="carboncalc credits alto-mayo --scenario h",
               _TYPER_COMPLETE_FISH_ACTION="get-args")  # fmt: skip
    found = subprocess.run([sys.executable, "-m", "carboncalc"], env=env, cwd=folder,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert (found.returncode, found.stderr) == (0, "")
    assert "half-the-effect" in found.stdout and "density-low" not in found.stdout


def test_sweep_field_offers_the_files_numbers_only(folder: Path) -> None:
    """A sweep moves a number: FIELD offers the inputs of the named file that hold one (a
    quantity with its unit, or a range), not its names, units, notes or sources."""
    offered, err = complete(folder, "carboncalc sweep alto-mayo ")
    assert err == ""
    assert offered[:2] == ["area", "forest_area"]  # in the file's order
    assert {"carbon.pools.above_ground", "credits.buffer", "period.length_yr"} <= set(offered)
    assert not [p for p in offered
                if p.split(".")[0] in ("name", "countries", "sources", "claims")
                or p.endswith((".unit", ".note", ".source", ".low", ".high"))]  # fmt: skip


def test_sweep_field_leaves_out_numbers_that_are_not_inputs(folder: Path) -> None:
    """A factor edition written as a number (equivalents.factors: 2018) and a number under a
    key the schema does not know are not offered: sweeping either could only fail."""
    text = (folder / "projects" / "alto-mayo.yaml").read_text(encoding="utf-8")
    extra = "equivalents:\n  factors: 2018\nx-extra: 5\n"
    (folder / "projects" / "am2.yaml").write_text(text + extra, encoding="utf-8")
    offered, err = complete(folder, "carboncalc sweep am2 ")
    assert err == "" and "area" in offered
    assert "equivalents.factors" not in offered and "x-extra" not in offered
