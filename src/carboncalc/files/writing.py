"""Writing the files carboncalc makes (``report -o``, ``new``) without ever losing one.

Text goes to a temporary file in the target's folder, is flushed to disk, and only then takes
the target's name, by a rename (replacing) or a hard link (creating, which fails if the name was
taken meanwhile). A failure at any point (a full disk, a closed pipe, no permission) leaves the
old file as it was, or no file at all, never a partial or empty one.

Refused outright: a target that is a link (carboncalc does not write through links), or that
is not a regular file (a folder, a FIFO, which would block, or a device); and an existing file,
unless the caller says it may be replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from carboncalc.errors import CarboncalcError, Problem


def write_text(path: Path, text: str, *, replace: bool, if_exists: str) -> bool:
    """Write ``text`` (UTF-8) to ``path`` safely; True when an existing file was replaced.
    ``if_exists`` says, after "the file exists; ", what to do when it may not be replaced."""
    return write_bytes(path, text.encode("utf-8"), replace=replace, if_exists=if_exists)


def write_bytes(path: Path, data: bytes, *, replace: bool, if_exists: str) -> bool:
    """Write ``data`` to ``path`` safely; True when an existing file was replaced."""
    old_mode = _existing_mode(path, replace=replace, if_exists=if_exists)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _error(path, exc, existed=old_mode is not None) from None
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, old_mode if old_mode is not None else _default_mode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temp, path)
        else:
            _create_from(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, FileExistsError):
            raise _exists(path, if_exists) from None
        raise _error(path, exc, existed=old_mode is not None) from None
    return old_mode is not None


def _existing_mode(path: Path, *, replace: bool, if_exists: str) -> int | None:
    """The permission bits of the file at ``path``, None where there is none; refuses what
    must not be written to."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _error(path, exc, existed=False) from None
    if stat.S_ISLNK(info.st_mode):
        raise CarboncalcError(
            [Problem("is a link; carboncalc does not write through links", str(path))]
        )
    if not stat.S_ISREG(info.st_mode):
        raise CarboncalcError([Problem("exists and is not a regular file", str(path))])
    if not replace:
        raise _exists(path, if_exists)
    return stat.S_IMODE(info.st_mode)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _create_from(temp: str, path: Path) -> None:
    """Give ``temp`` the name ``path`` only if nothing has that name (a hard link fails if it
    does); where the file system has no hard links, claim the name first, then rename."""
    try:
        os.link(temp, path)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(temp, path)
    else:
        os.unlink(temp)


def _default_mode() -> int:
    """0o666 less the process umask, as open() would give a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _exists(path: Path, if_exists: str) -> CarboncalcError:
    return CarboncalcError([Problem(f"the file exists; {if_exists}", str(path))])


def _error(path: Path, exc: OSError, *, existed: bool) -> CarboncalcError:
    kept = "the old file is unchanged" if existed else "nothing was written"
    return CarboncalcError([Problem(f"cannot write: {exc.strerror} ({kept})", str(path))])


def check_report_path(path: Path, *, replace: bool, spelled: tuple[str, str]) -> None:
    """A report's target, checked before the work: a .md or .html file in a folder that exists,
    and not one there already unless it may be replaced. ``spelled``: how the caller names the
    target and the leave to replace it (``-o``, ``--force``; ``report(path)``, ``force=True``)."""
    target, leave = spelled
    if path.suffix.lower() not in (".md", ".html", ".htm"):
        raise CarboncalcError(f"{target} writes a .md or .html file, not {path.name!r}")
    if not os.path.isdir(path.parent):
        raise CarboncalcError(f"{target}: no folder {str(path.parent)!r}")
    if os.path.lexists(path) and not replace:  # said again when writing, if made meanwhile
        raise CarboncalcError([Problem(f"the file exists; {leave} replaces it", str(path))])
