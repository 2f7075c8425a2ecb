"""Crash-safe file writing: the one output writer, used by batch manifests and record rewrites
and by the CLI's ``-o``. A reader sees the old file or the whole new one, never half of it.

``write_atomic(path, data)``:

* writes a temporary file in the target's folder, fsyncs it, renames it over the target and
  fsyncs the folder;
* keeps an existing file's permission bits; a new file gets the mode the umask allows
  (``0o666 & ~umask``, as a shell redirection would), never the temporary file's ``0600``;
* writes through symbolic links: the file a link names is replaced, the link stays (a dangling
  link creates its target);
* writes a path that is not a regular file in place, as a shell redirection would: devices,
  FIFOs and the descriptor aliases ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and
  ``/proc/self/fd/N``, or a link to one (appended to, so ``-o /dev/stdout >> log`` keeps the
  log);
* turns every ``OSError`` into an ``OutputError`` whose message is one line naming the path.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import OutputError

# Paths that name an open file descriptor: written in place, never replaced.
FD_ALIAS = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/(self|\d+)/fd/\d+")

REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENOENT: "its folder does not exist",
    errno.EISDIR: "it is a folder; give a file name",
    errno.ENAMETOOLONG: "the name is too long",
}


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (best effort where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes, *, make_parents: bool = False) -> None:
    """Replace the file at ``path`` with ``data`` atomically (see the module docstring).

    ``make_parents`` creates missing folders first. Raises ``OutputError`` (one line) for
    every failure of the file system.
    """
    path = Path(path)
    try:
        _write(path, data, make_parents)
    except OSError as exc:
        raise OutputError(describe_os_error(path, exc)) from exc


def names_descriptor(path: Path) -> bool:
    """Whether ``path``, or a link it leads through, is a descriptor alias (``/dev/stdout``)."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on a chain of links
        if FD_ALIAS.fullmatch(current):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
        current = os.path.abspath(current)
    return False


def _write(path: Path, data: bytes, make_parents: bool) -> None:
    if names_descriptor(path):
        _write_in_place(path, data, os.O_APPEND)
        return
    try:
        info: os.stat_result | None = os.stat(path)  # follows links
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(path, data, 0)  # a device or FIFO: it cannot be replaced
        return
    target = Path(os.path.realpath(path))  # through links to the file they name
    if make_parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~current_umask()
    _replace(target, data, mode)


def _write_in_place(path: Path, data: bytes, flags: int) -> None:
    fd = os.open(path, os.O_WRONLY | flags)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def describe_os_error(path: Path, exc: OSError) -> str:
    """One line for a failed write: which path, and why in words a user can act on."""
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        for parent in path.absolute().parents:
            if parent.exists() and not parent.is_dir():
                return f"{path}: cannot write ({parent} is a file, not a folder)."
    reason = REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"{path}: cannot write ({reason})."
