"""The contract under mutation: whatever a project file holds, carboncalc exits 0, 1 or 2, never
with a traceback, writes valid JSON when it exits 0 or 1 with --format json, says why on
stderr when it exits 2, leaves the file as it was, and does not hang.

Each example takes one of the seed files and applies a few mutations: values replaced by
hostile ones (extreme floats and integers, booleans, quoted numbers, YAML tags, anchors, control
characters), keys renamed or duplicated, lines dropped or repeated, bytes inserted or replaced,
nesting, truncation. The CI profile runs 200 examples, derandomized; the thorough profile
(CARBONCALC_HYPOTHESIS=thorough) runs 1,000; CARBONCALC_FUZZ_EXAMPLES=N runs N.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.files.projects import package_projects_dir
from strategies import OBSERVED_PROJECT

SEEDS = {
    name: (package_projects_dir() / f"{name}.yaml").read_bytes()
    for name in ("alto-mayo", "los-amigos", "sacred-headwaters")
}
COMMANDS = [
    ["stock", "-f", "json"],
    ["emissions", "-f", "json"],
    ["emissions", "-f", "csv", "--case", "high"],
    ["equivalents", "-f", "json"],
    ["credits", "-f", "json", "--samples", "100"],
    ["check", "-f", "json"],
    ["show"],
    ["stock"],
]
HANG_S = 60.0  # a hang detector, not a speed test: a healthy run takes milliseconds

NUMBERS = [
    "1e308", "-1e308", "1.7976931348623157e308", "5e-324", "1e-320", "-0.0", "0", "-1",
    "1e15", "1e16", "1e-9", "1e-10", "4e10", "10001", "100.0001", "9" * 15, "9" * 16, "9" * 5000,
    "9" * 400 + ".0", "0x10", "1_000", "1,000", "010", "1:30", ".5", "5.", "+7", "1e3",
    "2147483648", "18446744073709551616",
]  # fmt: skip
SCALARS = [
    ".nan", ".inf", "-.inf", "true", "false", "yes", "on", "null", "~", '""', '"182000"',
    "'0.47'", "[]", "{}", "[1, 2]", "{value: 1}", "&a x", "*a", "!!python/object:os.system x",
    "!!binary aGk=", "!custom x", '"\\e[2J\\a"', '"<img src=x>"', "'[l](http://x)'", "2008-13-01",
    "2008-02-30", "t C/ha", "%/yr", "ha/yr", "uniform", "lognormal", "all", "x" * 2000,
]  # fmt: skip
# Most mutations keep the file valid YAML, so that the computing code is reached, not only the
# reader: numbers scaled (a valid file with other figures, or one at the edge of a bound) and
# values replaced come first.
MUTATIONS = ["scale"] * 6 + ["value"] * 4 + ["key"] * 2 + [
    "drop", "repeat", "byte", "nest", "cut", "indent"]  # fmt: skip
FACTORS = [0.0, 1e-12, 1e-3, 0.5, 0.999, 1.001, 2.0, 10.0, 1e3, 1e6, 1e12, -1.0, 1e300]
KEYS = [
    "value", "low", "high", "sd", "unit", "distribution", "source", "assumption", "carbon_fraction",
    "root_to_shoot", "basis", "rate", "reduction", "buffer", "leakage", "uncertainty", "price",
    "period", "length_yr", "start", "claims", "scenarios", "set", "nope", "valeu", "a-b", "<<",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed file with one to four mutations."""
    data = bytearray(draw(st.sampled_from(sorted(SEEDS.values()))))
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 4]))):
        lines = data.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        kind = draw(st.sampled_from(MUTATIONS))
        if kind == "scale" and b": " in line:
            key, _, old = line.partition(b": ")
            try:
                number = float(old.split(b"#")[0])
            except ValueError:
                continue
            factor = draw(st.sampled_from(FACTORS))
            lines[i] = key + b": " + repr(number * factor).encode()
        elif kind == "value" and b": " in line:
            key = line[: line.index(b": ") + 2]
            value = draw(st.sampled_from(NUMBERS + SCALARS)).encode()
            lines[i] = key + value
        elif kind == "key" and b":" in line:
            indent = line[: len(line) - len(line.lstrip())]
            rest = line[line.index(b":") :]
            lines[i] = indent + draw(st.sampled_from(KEYS)).encode() + rest
        elif kind == "drop":
            del lines[i]
        elif kind == "repeat":
            lines.insert(i, line)
        elif kind == "indent":
            lines[i] = draw(st.sampled_from([b" ", b"\t", b"  " * 40])) + line
        elif kind == "nest":
            depth = draw(st.sampled_from([1, 31, 32, 33, 600, 30_000]))
            opener = draw(st.sampled_from([b"[", b"{a: ", b"- "]))
            lines[i] = line + b" " + opener * depth
        data = bytearray(b"\n".join(lines))
        if kind == "byte" and data:
            at = draw(st.integers(0, len(data) - 1))
            byte = draw(st.sampled_from([0x00, 0x07, 0x09, 0x1B, 0x7F, 0x85, 0xC3, 0xFF, 0x22]))
            if draw(st.booleans()):
                data[at] = byte
            else:
                data.insert(at, byte)
        elif kind == "cut":
            data = data[: len(data) - draw(st.integers(0, len(data)))]
    return bytes(data)


def _settings() -> settings:
    examples = os.environ.get("CARBONCALC_FUZZ_EXAMPLES")
    extra = {"max_examples": int(examples)} if examples else {}
    return settings(
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], **extra
    )


@_settings()
@given(text=mutated(), command=st.sampled_from(COMMANDS))
def test_no_file_breaks_the_contract(text: bytes, command: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_bytes(text)
        started = time.monotonic()
        result = CliRunner().invoke(app, [command[0], str(path), *command[1:]])
        elapsed = time.monotonic() - started
        assert path.read_bytes() == text, "the project file was changed"
    error = result.exception
    assert error is None or isinstance(error, SystemExit), repr(error)
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "Traceback" not in result.stderr
    assert elapsed < HANG_S, f"{elapsed:.1f} s"
    if result.exit_code == 2:
        assert result.stderr.strip(), "exit 2 without a message"
        assert len(result.stderr.splitlines()) <= 60  # 50 problems, '... and N more', and a few
    elif "json" in command:
        json.loads(result.stdout)
    for raw in ("\x1b", "\x07"):
        assert raw not in result.stderr
        if "json" not in command and "csv" not in command:
            assert raw not in result.stdout


SET_FIELDS = [
    "area", "period.length_yr", "period.start", "credits.buffer", "registry.project_id",
    "deforestation.baseline.rate", "carbon.pools.above_ground", "name", "claims.0.value",
    "scenarios.x.set", 'sources."a.b".year', "a-b.c",
]  # fmt: skip


SET_FIELDS = [
    "area", "period.length_yr", "period.start", "credits.buffer", "registry.project_id",
    "deforestation.baseline.rate", "carbon.pools.above_ground", "name", "claims.0.value",
    "scenarios.x.set", 'sources."a.b".year', "a-b.c",
]  # fmt: skip


@_settings()
@given(
    field=st.sampled_from(SET_FIELDS),
    value=st.one_of(
        st.sampled_from(NUMBERS + SCALARS),
        st.sampled_from(["1e308ha", "5e-324%/yr", "-5ha", "1e15tC/ha", "0acre", "nan", "inf"]),
        st.text(max_size=30),
    ),
    seed=st.sampled_from(sorted(SEEDS)),
)
def test_no_set_breaks_the_contract(field: str, value: str, seed: str) -> None:
    result = CliRunner().invoke(app, ["stock", seed, "-f", "json", "--set", f"{field}={value}"])
    error = result.exception
    assert error is None or isinstance(error, SystemExit), repr(error)
    assert result.exit_code in (0, 2)
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert result.stderr.strip()
        assert "\x1b" not in result.stderr


# --- observed-loss CSV files next to a valid project file ----------------------------------------

OBSERVED = OBSERVED_PROJECT.replace("FILE", "loss.csv").encode()
CELLS = [
    "2010", "2011", "02012", "2019", "1700", "2301", "\uff12\uff10\uff11\uff10", "9" * 5000, "",
    "year", "value", "cleared_ha", "forest_km2", "5", "0", "-5", "2.5", "1e999", "nan", "inf",
    "1_000", "x", '"', '""', '"2010"', '"a\nb"', '"a\rb"', "\x00", "\x1b[2J", "\u202e", "9" * 200,
]  # fmt: skip
LINE_ENDS = ["\n", "\r\n", "\r"]
LOCATED = re.compile(r"^[^\n]+:\d+(:\d+)?: |^\S*loss\.csv: \.\.\. and [\d,]+ more problems ")


@st.composite
def observations_csv(draw: st.DrawFn) -> bytes:
    """A CSV of observations: a BOM or not, a header (mostly right), rows of cells from CELLS
    or any text, joined by any line ends, and now and then a byte changed or a huge field."""
    end = draw(st.sampled_from(LINE_ENDS))
    header = draw(st.sampled_from(["year,cleared_ha", "year,value", "year,forest_ha", "yr,x"]))
    cell = st.one_of(st.sampled_from(CELLS), st.text(max_size=8))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=3), max_size=12))
    lines = [header] + [",".join(row) for row in rows]
    if draw(st.booleans()):  # line ends mixed: each line ends its own way
        lines = ["".join(line + draw(st.sampled_from(LINE_ENDS)) for line in lines)]
    text = (
        ("\ufeff" if draw(st.booleans()) else "") + end.join(lines) + end * draw(st.integers(0, 1))
    )
    if draw(st.integers(0, 9)) == 0:
        text += f"2015,{'9' * 200_000}{end}"
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    if data and draw(st.integers(0, 4)) == 0:
        data[draw(st.integers(0, len(data) - 1))] = draw(st.sampled_from([0x00, 0x0D, 0x22, 0xFF]))
    return bytes(data)


@_settings()
@given(
    csv_bytes=observations_csv(), command=st.sampled_from([["stock"], ["emissions", "-f", "json"]])
)
def test_no_observations_file_breaks_the_contract(csv_bytes: bytes, command: list[str]) -> None:
    """Exit 0 or 2; on 2, only located `file:line: message` lines on stderr (and the count of
    problems not shown); no traceback, no hang, and neither file changed."""
    with tempfile.TemporaryDirectory() as folder:
        path, loss = Path(folder) / "p.yaml", Path(folder) / "loss.csv"
        path.write_bytes(OBSERVED)
        loss.write_bytes(csv_bytes)
        started = time.monotonic()
        result = CliRunner().invoke(app, [command[0], str(path), *command[1:]])
        elapsed = time.monotonic() - started
        assert path.read_bytes() == OBSERVED and loss.read_bytes() == csv_bytes
    error = result.exception
    assert error is None or isinstance(error, SystemExit), repr(error)
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert elapsed < HANG_S, f"{elapsed:.1f} s"
    if result.exit_code == 2:
        lines = result.stderr.replace(folder, "").splitlines()
        assert lines and all(LOCATED.match(line) for line in lines), result.stderr
        assert len(lines) <= 51
