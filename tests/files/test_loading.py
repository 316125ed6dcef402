"""Reading project files: every problem located by file, line, column and field."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.errors import CarboncalcError, ProjectFileError, ProjectNotFoundError
from carboncalc.files.loading import load_project
from carboncalc.files.projects import find_project, list_project_files

VALID = yaml.safe_dump(st_cc.project_data(), sort_keys=False)


def write(tmp_path: Path, text: str | bytes, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def loads_or_reports(path: Path) -> None:
    """A file gives a valid project or a CarboncalcError; any other exception fails the test."""
    try:
        load_project(str(path))
    except CarboncalcError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


def messages(tmp_path: Path, text: str | bytes) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(ProjectFileError) as info:
        load_project(str(path))
    return [str(p).replace(str(path), "p.yaml") for p in info.value.problems]


def test_valid_file_loads(tmp_path: Path) -> None:
    loaded = load_project(str(write(tmp_path, VALID)))
    assert loaded.project.area.value == 1000.0 and loaded.name == "p"


def test_every_problem_is_reported_with_its_location(tmp_path: Path) -> None:
    text = VALID.replace("area:\n", "aera:\n", 1).replace("countries:\n- PE", "countries:\n- NO")
    text += "carbon_pools: 3\n"
    found = messages(tmp_path, text)
    lines = text.splitlines()
    aera, extra = lines.index("aera:") + 1, lines.index("carbon_pools: 3") + 1
    assert f"p.yaml:{aera}:1: aera: unknown field 'aera'; did you mean 'area'?" in found
    assert (
        f"p.yaml:{extra}:1: carbon_pools: unknown field 'carbon_pools'; did you mean 'carbon'?"
        in found
    )
    assert any(m.startswith("p.yaml") and "area: required field is missing" in m for m in found)
    assert len(found) == 3  # and NO stayed a country code, not False


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "value: 1000.0",
            "value: -5",
            "p.yaml:8:1: area: `value` -5 is not an area above 0 and at most the Earth's land "
            "(14,900,000,000 ha)",
        ),
        ("value: 1000.0", "value: 0", "`value` 0 is not an area above 0"),
        ("value: 1000.0", "value: 1e-320", "area: `value` 1e-320 is out of the range"),
        (
            "value: 1000.0",
            "value: 1e308",
            "area: `value` 1e+308 is out of the range carboncalc accepts: 0, or 1e-9",
        ),
        ("value: 1000.0", "value: 4e10", "`value` 4e+10 is not an area above 0"),
        ("value: 1000.0", "value: true", "area.value: expected a number, got true (a yes/no"),
        ("value: 1000.0", 'value: "1000"', "expected a number, got the text '1000': write it wi"),
        ("value: 1000.0", "value: 1" + "0" * 20, "an integer of 21 digits"),
        ("length_yr: 10", "length_yr: true", "period.length_yr: expected a whole number, got true"),
        ("length_yr: 10", "length_yr: 10.0", "period.length_yr: expected a whole number, got 10"),
        ("value: 100.0", "value: 10001", "`value` 10001 is not a density from 0 to 10,000 t C/ha"),
        ("value: 1000.0", "value: .nan", "area.value: input should be a finite number (got nan)"),
        ("value: 1000.0", "value: .inf", "area.value: input should be a finite number"),
        ("value: 1000.0", "value: 010", "'010' has a leading zero"),
        ("value: 1000.0", "value: yes", "area.value: expected a number, got the text 'yes'"),
        ("value: 1000.0", "value: '1:30'", "area.value: expected a number, got the text '1:30'"),
        (
            "unit: ha",
            "unit: hectare",
            "area.unit: input should be 'ha', 'acre' or 'km2' (got 'hectare')",
        ),
        ("source: src\n", "source: nowhere\n", "no source 'nowhere' in `sources` (known: src)"),
        ("value: 0.25", "value: 250", "`value` 250 is not a rate between 0 and 100 %/yr"),
        (
            "length_yr: 10",
            "length_yr: 0",
            "period.length_yr: input should be greater than or equal to 1",
        ),
    ],
)
def test_bad_values(tmp_path: Path, replace: str, by: str, expected: str) -> None:
    found = messages(tmp_path, VALID.replace(replace, by, 1))
    assert any(expected in m for m in found), found


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ({"measure": "stock", "value": 1, "unit": "t C", "pool": "soil"},
         "claims.0.pool: no pool 'soil' in carbon.pools (pools: above_ground)"),
        ({"measure": "vehicles_per_yr", "value": 1, "unit": "vehicles", "basis": "c0"},
         "claims.0.basis: the basis of an equivalence is an avoided_emissions claim"),
        ({"measure": "vehicles_per_yr", "value": 1, "unit": "vehicles", "basis": "nope"},
         "claims.0.basis: no claim with id 'nope'"),
        ({"measure": "area", "value": 1, "unit": "t C"},
         "a claim of area is in one of ha, acre, km2; got 't C'"),
    ],
)  # fmt: skip
def test_bad_claims(tmp_path: Path, claim: dict[str, object], expected: str) -> None:
    data = st_cc.project_data()
    data["claims"] = [{"id": "c0", "source": "src", **claim}]
    found = messages(tmp_path, yaml.safe_dump(data))
    assert any(expected in m for m in found), found


def test_fraction_given_as_percentage(tmp_path: Path) -> None:
    data = st_cc.project_data()
    data["carbon"]["pools"]["above_ground"] = {
        "value": 200, "unit": "t dm/ha", "carbon_fraction": {"value": 47, "assumption": True},
        "source": "src",
    }  # fmt: skip
    found = messages(tmp_path, yaml.safe_dump(data))
    assert any("a fraction between 0 and 1 (write a percentage such as 47 % as 0.47)" in m
               for m in found)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "p.yaml: the file is empty"),
        ("- a\n- b\n", "p.yaml:1:1: expected a mapping of fields (name:, area:, ...), got a list"),
        ("a: 1\n---\nb: 2\n", "p.yaml:2:1: a second YAML document (after ---)"),
        ("a:\n\tb: 1\n", "p.yaml:2:1: a tab character: YAML does not allow tabs"),
        ("a: [1, 2\n", "p.yaml:2:1:"),
        ("name: x\nname: y\n", "p.yaml:2:1: name: duplicate key 'name' (first on line 1)"),
        ("a: &x 1\nb: *x\n", "anchors and aliases (&, *) are not allowed"),
        (
            "a: !!python/object:os.system {}\n",
            "the tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
    ],
)
def test_yaml_hazards(tmp_path: Path, text: str, expected: str) -> None:
    found = messages(tmp_path, text)
    assert any(expected in m for m in found), found


def test_not_utf8(tmp_path: Path) -> None:
    found = messages(tmp_path, b"name: caf\xe9\n")
    assert found == ["p.yaml:1:10: the file is not UTF-8 (byte 0xe9)"]  # after "name: caf"


def test_file_cut_in_the_middle_of_a_character(tmp_path: Path) -> None:
    """The first byte of a two-byte í, then the end of the file: said as such, where it is."""
    found = messages(tmp_path, "name: x\nregion: San Martín".encode()[:-2])
    assert found == ["p.yaml:2:17: the file ends in the middle of a character (byte 0xc3)"]


def test_file_over_1_mb(tmp_path: Path) -> None:
    found = messages(tmp_path, "# " + "x" * 1_000_001 + "\n")
    assert found == ["p.yaml: the file is 1,000,004 bytes; project files are at most 1 MB"]


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a\0b", "..", ""])
def test_names_that_are_not_plain(tmp_path: Path, name: str) -> None:
    with pytest.raises(ProjectNotFoundError):
        find_project(name, tmp_path)


def test_link_outside_the_projects_folder(tmp_path: Path) -> None:
    outside = write(tmp_path, VALID, "outside.yaml")
    folder = tmp_path / "projects"
    folder.mkdir()
    os.symlink(outside, folder / "linked.yaml")
    with pytest.raises(ProjectNotFoundError, match="link to outside its folder; not read"):
        find_project("linked", folder)
    with pytest.raises(ProjectNotFoundError, match="link to outside its folder; not read"):
        find_project(str(folder / "linked.yaml"))


@pytest.mark.parametrize("command", [["list"], ["check"], ["compare"], ["check", "-f", "json"]])
def test_folder_scans_do_not_follow_links_out_of_the_folder(
    tmp_path: Path, command: list[str]
) -> None:
    """A link in a projects folder to a file elsewhere (a credentials file, say) is reported
    and never read, so nothing of it reaches a CI log. Before, list, check and compare read it
    and printed its values in their messages."""
    from typer.testing import CliRunner

    from carboncalc.cli import app

    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    folder = tmp_path / "projects"
    folder.mkdir()
    write(folder, VALID, "good.yaml")
    os.symlink(secret, folder / "creds.yaml")
    result = CliRunner().invoke(app, [*command, "--projects-dir", str(folder)])
    assert result.exit_code == 2
    assert "hunter2" not in result.output and "password" not in result.output
    assert f"{folder / 'creds.yaml'}: the project file is a link to outside its folder" in (
        result.stderr
    )
    if command[0] in ("list", "compare"):
        assert "good" in result.stdout


@pytest.mark.parametrize(
    "ref",
    ["a" * 300 + ".yaml", "x/" * 3000 + "p.yaml", "/dev/null.yaml", "/proc/self/x.yaml"],
    ids=["name-too-long", "path-too-long", "no-such-device-file", "proc"],
)
def test_paths_that_cannot_be_looked_at_are_not_found(ref: str) -> None:
    with pytest.raises(ProjectNotFoundError, match="no project file"):
        find_project(ref)


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_files_that_are_not_regular_are_refused_without_reading(tmp_path: Path, kind: str) -> None:
    """A FIFO would block for a writer forever and /dev/zero never ends: both are refused
    after fstat, before any read."""
    path = tmp_path / "p.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
        (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    from carboncalc.files.yamlio import read_yaml

    with pytest.raises(ProjectFileError, match="not a regular file"):
        read_yaml(path)


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--projects-dir (or the environment variable) alone; otherwise ./projects, then the seeds."""
    monkeypatch.chdir(tmp_path)
    assert find_project("alto-mayo")[1].parent.name == "projects"  # the shipped seeds
    (tmp_path / "projects").mkdir()
    write(tmp_path / "projects", VALID, "alto-mayo.yaml")
    assert find_project("alto-mayo")[1] == tmp_path / "projects" / "alto-mayo.yaml"
    assert find_project("los-amigos")[1].name == "los-amigos.yaml"  # falls through to the seeds
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("CARBONCALC_PROJECTS_DIR", str(other))
    with pytest.raises(ProjectNotFoundError, match="no project 'alto-mayo'"):
        find_project("alto-mayo")
    assert list_project_files() == []


def test_unknown_name_suggests(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFoundError, match="did you mean 'alto-mayo'"):
        find_project("alto-mayp")


def test_seed_projects_are_valid() -> None:
    names = [name for name, _ in list_project_files()]
    assert {"alto-mayo", "los-amigos", "sacred-headwaters"} <= set(names)
    for name in names:
        load_project(name)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_give_a_project_or_a_carboncalc_error(tmp_path: Path, raw: bytes) -> None:
    loads_or_reports(write(tmp_path, raw))


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yaml_values)
def test_arbitrary_yaml_documents(tmp_path: Path, value: object) -> None:
    loads_or_reports(write(tmp_path, yaml.safe_dump(value)))


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_valid_files_with_one_field_broken(tmp_path: Path, data: st.DataObject) -> None:
    """Mutating one leaf of a valid file gives a project or a carboncalc error, never a crash."""
    project = st_cc.project_data()
    node: dict[str, object] = project
    while True:
        key = data.draw(st.sampled_from(sorted(node)))
        child = node[key]
        if isinstance(child, dict) and child:
            node = child
            continue
        node[key] = data.draw(yaml_values)
        break
    loads_or_reports(write(tmp_path, yaml.safe_dump(project)))


def test_reference_problems_come_with_other_problems(tmp_path: Path) -> None:
    """A bad source reference is reported in the same run as a schema error elsewhere."""
    text = VALID.replace("unit: ha", "unit: hectare", 1).replace(
        "source: src\n", "source: winrock\n", 1
    )
    found = messages(tmp_path, text)
    assert any("area.unit: input should be 'ha', 'acre' or 'km2'" in m for m in found)
    assert any("no source 'winrock' in `sources` (known: src)" in m for m in found)


@pytest.mark.parametrize(
    ("text", "ours"),
    [
        # libyaml (PyYAML >= 6.0.4) caps flow nesting itself, in its own words, before the
        # parser gives carboncalc the 33rd level: either way it is one located message.
        ("name: " + "[" * 40_000, False),
        ("name: " + "[" * 40, True),
        ("name: " + "{a: " * 40_000, True),
        ("name:\n" + "- " * 30_000 + "x\n", True),
        ("name:\n" + "".join("  " * i + f"k{i}:\n" for i in range(500)), True),
    ],
    ids=[
        "flow-sequences",
        "flow-sequences-40",
        "flow-mappings",
        "compact-block-sequence",
        "block-mappings",
    ],
)
def test_deep_nesting_is_one_message_not_a_crash(tmp_path: Path, text: str, ours: bool) -> None:
    """Before the cap these killed the process (SIGSEGV in YAML composition) or raised
    RecursionError; now the first level too deep is reported, with its position, as one
    ProjectFileError (exit 2). Where carboncalc's cap is what stops the file, the message is
    carboncalc's; where the YAML library stops it first, its wording is its own."""
    found = messages(tmp_path, text)
    assert len(found) == 1
    assert re.fullmatch(r"p\.yaml:\d+:\d+: \S.*", found[0]), found[0]
    if ours:
        assert "nesting deeper than 32 levels" in found[0]


def test_nesting_at_the_cap_is_read(tmp_path: Path) -> None:
    """32 levels is allowed (the root mapping is level 1): the file reads, and fails only on
    what it is missing."""
    from carboncalc.files.yamlio import parse_yaml

    doc = parse_yaml("name: " + "[" * 31 + "x" + "]" * 31, "p.yaml")
    node = doc.data["name"]
    for _ in range(30):
        node = node[0]
    assert node == ["x"]


def test_a_file_with_many_problems_shows_the_first_fifty_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems are capped per file, and only those shown are worded: before, 30,000 anchor
    and alias pairs took 494 s (a quadratic check), 15,000 unknown keys over 20 s."""
    from carboncalc.files import validation

    worded = []
    original = validation._message
    monkeypatch.setattr(validation, "_message", lambda e: worded.append(e) or original(e))
    text = VALID + "".join(f"unknown_{i}: {i}\n" for i in range(200))
    found = messages(tmp_path, text)
    assert len(found) == validation.MAX_PROBLEMS + 1
    assert found[-1] == "p.yaml: ... and 150 more problems (the first 50 are shown)"
    assert len(worded) == validation.MAX_PROBLEMS
    lines = [int(m.split(":")[1]) for m in found[:-1]]
    assert lines == sorted(lines)  # in file order


@pytest.mark.parametrize(
    "name",
    ["2024", "null", "1e3", "true", "a: b #c.yaml", 'caf\u00e9 "q" \\.yaml'],
)
def test_new_writes_a_file_its_own_check_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """`new 2024` wrote `name: 2024`, a number, which its own check rejected."""
    from typer.testing import CliRunner

    from carboncalc.cli import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["new", name])
    assert result.exit_code == 0, result.output
    path = tmp_path / (name if name.endswith(".yaml") else f"{name}.yaml")
    check = CliRunner().invoke(app, ["check", str(path)])
    assert check.exit_code in (0, 1), check.output
    loaded = load_project(str(path))
    assert loaded.project.name == path.stem.replace("-", " ").capitalize()


def test_new_never_replaces_and_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk `new` left a 0-byte file that then blocked a retry."""
    import errno

    from carboncalc.errors import CarboncalcError
    from carboncalc.files import writing
    from carboncalc.files.projects import new_project_file

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing, "_write_all", full)
    with pytest.raises(CarboncalcError, match=r"No space left on device \(nothing was written\)"):
        new_project_file(str(tmp_path / "f.yaml"))
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    path = new_project_file(str(tmp_path / "f.yaml"))
    before = path.read_bytes()
    with pytest.raises(CarboncalcError, match="carboncalc new never overwrites a file"):
        new_project_file(str(path))
    assert path.read_bytes() == before
