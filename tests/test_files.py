"""The one output writer (``summarizer.files.write_atomic``) for ``-o`` and batch files:
atomic, keeps modes, writes through links, writes devices and descriptor aliases in place,
and turns every file-system failure into one ``error:`` line."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from summarizer.errors import OutputError
from summarizer.files import write_atomic
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX modes, links and /proc")

ARTICLE = "Pekerja Migran Dipulangkan\nSebanyak 27 pekerja migran dipulangkan ke Kupang.\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[object]:
    old = os.umask(0o022)
    try:
        yield lambda mask: os.umask(mask)
    finally:
        os.umask(old)


def test_a_new_file_gets_the_umask_mode(tmp_path: Path, umask: object) -> None:
    for mask, expected in ((0o022, 0o644), (0o027, 0o640), (0o002, 0o664)):
        os.umask(mask)
        path = tmp_path / f"new-{mask:o}.txt"
        write_atomic(path, b"text")
        assert (path.read_bytes(), mode(path)) == (b"text", expected)


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask: object) -> None:
    os.umask(0o077)  # the umask must not matter for a file that exists
    for kept in (0o644, 0o600, 0o755, 0o640):
        path = tmp_path / f"old-{kept:o}.txt"
        path.write_bytes(b"old contents, longer than the new ones")
        path.chmod(kept)
        inode = path.stat().st_ino
        write_atomic(path, b"new")
        assert (path.read_bytes(), mode(path)) == (b"new", kept)
        assert path.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_link_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "report.md"
    target.parent.mkdir()
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "report-link.md"
    link.symlink_to(target)
    chain = tmp_path / "chain.md"
    chain.symlink_to(link)

    write_atomic(chain, b"through two links")
    assert chain.is_symlink() and link.is_symlink()
    assert os.readlink(chain) == str(link) and os.readlink(link) == str(target)
    assert target.read_bytes() == b"through two links" and mode(target) == 0o640

    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "real" / "created.md")
    write_atomic(dangling, b"created")
    assert dangling.is_symlink()
    assert (tmp_path / "real" / "created.md").read_bytes() == b"created"


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"into the pipe")
    reader.join(timeout=10)
    assert got == [b"into the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


WRITE_TO = (
    "import sys; from summarizer.files import write_atomic; write_atomic(sys.argv[1], b'out\\n')"
)


@pytest.mark.parametrize("alias", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1", "link"])
def test_stdout_aliases_reach_stdout(tmp_path: Path, alias: str) -> None:
    if alias == "link":  # a link to /dev/stdout, as a user may keep one
        (tmp_path / "link").symlink_to("/dev/stdout")
        alias = str(tmp_path / "link")
    res = subprocess.run(
        [sys.executable, "-c", WRITE_TO, alias], cwd=ROOT, capture_output=True, check=True
    )
    assert res.stdout == b"out\n"
    # Redirected to a file opened for appending (`>> log`): the log is kept, not replaced.
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier\n")
    with log.open("ab") as fh:
        subprocess.run([sys.executable, "-c", WRITE_TO, alias], cwd=ROOT, stdout=fh, check=True)
    assert log.read_bytes() == b"earlier\nout\n"
    assert os.path.islink("/dev/stdout") and os.path.islink(alias)  # links left as they were


def test_every_os_error_is_one_line_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file", encoding="utf-8")
    for make_parents in (False, True):
        with pytest.raises(OutputError) as info:
            write_atomic(blocker / "sub" / "out.md", b"x", make_parents=make_parents)
        assert str(info.value) == (
            f"{blocker / 'sub' / 'out.md'}: cannot write ({blocker} is a file, not a folder)."
        )
    with pytest.raises(OutputError, match=r"cannot write \(it is a folder; give a file name\)\.$"):
        write_atomic(tmp_path, b"x")
    with pytest.raises(OutputError, match=r"cannot write \(its folder does not exist\)\.$"):
        write_atomic(tmp_path / "missing" / "out.md", b"x")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    target = tmp_path / "out.md"
    target.write_bytes(b"kept")
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new")
    assert str(info.value) == f"{target}: cannot write (no space left on the device)."
    assert info.value.exit_code == 1
    assert target.read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "out.md"]


# ----------------------------------------------------------------------------------------------
# Through the CLI's -o.


def translate_to(copy_model: str, tmp_path: Path, out: Path | str) -> tuple[int, str, str]:
    res = CliRunner().invoke(
        main,
        ["translate", "-", "--mt-model", copy_model, "--beams", "1", "-o", str(out)],
        input=ARTICLE,
    )
    return res.exit_code, res.stdout, res.stderr


def test_cli_output_errors_are_one_line(copy_model: str, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file", encoding="utf-8")
    code, stdout, stderr = translate_to(copy_model, tmp_path, blocker / "out.txt")
    assert code == 1 and stdout == ""
    assert stderr == (
        f"error: {blocker / 'out.txt'}: cannot write ({blocker} is a file, not a folder).\n"
    )
    code, _, stderr = translate_to(copy_model, tmp_path, tmp_path)
    assert code == 2 and stderr == f"error: -o {tmp_path}: is a folder; give a file name.\n"


def test_cli_output_keeps_mode_and_writes_through_links(
    copy_model: str, tmp_path: Path, umask: object
) -> None:
    os.umask(0o022)
    report = tmp_path / "report.txt"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o644)
    link = tmp_path / "latest.txt"
    link.symlink_to(report)
    assert translate_to(copy_model, tmp_path, link)[0] == 0
    assert link.is_symlink() and mode(report) == 0o644
    assert "Sebanyak 27 pekerja migran dipulangkan ke Kupang." in report.read_text(encoding="utf-8")

    new = tmp_path / "made" / "here" / "new.txt"  # missing folders are created
    assert translate_to(copy_model, tmp_path, new)[0] == 0
    assert mode(new) == 0o644 and new.read_text(encoding="utf-8").startswith("Pekerja Migran")
