"""The bytes and text of a file carboncalc reads: a project file, or a file a project names.

Reading never hangs and never fills the memory: the file is opened without blocking, checked to
be a regular file and no larger than a cap before it is read. Text is UTF-8; a byte that is not
is one problem at its line and column.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from carboncalc.errors import Problem, ProjectFileError

MAX_FILE_BYTES = 1_000_000


def read_bytes(
    path: Path,
    name: str,
    *,
    limit: int = MAX_FILE_BYTES,
    what: str = "project files",
    follow: bool = True,
) -> bytes:
    """A regular file's bytes, at most ``limit``; anything else is one problem, never a hang.

    The file is opened without blocking and checked with fstat before it is read, so a FIFO, a
    device or a directory is refused rather than read (a FIFO would wait for a writer forever;
    /dev/zero never ends). ``what`` the file is, for the size message; without ``follow``, a
    link is refused where it is opened (a path already resolved, that must not change since).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags if follow else flags | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise ProjectFileError([Problem(f"cannot read the file: {exc.strerror}", name)]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ProjectFileError([Problem(f"not a regular file ({_kind(info.st_mode)})", name)])
        if info.st_size > limit:
            message = f"the file is {info.st_size:,} bytes; {what} are at most {_mb(limit)}"
            raise ProjectFileError([Problem(message, name)])
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grew while being read
                raise ProjectFileError([Problem(f"the file is over {_mb(limit)}", name)])
        return b"".join(chunks)
    except OSError as exc:
        raise ProjectFileError([Problem(f"cannot read the file: {exc.strerror}", name)]) from None
    finally:
        os.close(fd)


def _mb(limit: int) -> str:
    return f"{limit / 1_000_000:,g} MB"


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")]  # fmt: skip
    return next((text for test, text in kinds if test(mode)), "not a file")


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, or one problem at the line and column of the first byte that is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        what = "ends in the middle of a character" if exc.end >= len(raw) else "is not UTF-8"
        raise ProjectFileError(
            [Problem(f"the file {what} (byte 0x{raw[exc.start]:02x})", name, line, column)]
        ) from None
