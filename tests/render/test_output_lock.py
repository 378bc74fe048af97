"""A command's `-o FILE` never replaces a profile an interview has open (render/output.py's ProfileLock):
the interview's next save would undo the new file, or the new file the interview's answers."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from backtofront.render.output import ProfileLock

ROOT = Path(__file__).resolve().parents[2]
WORKSHOP = sorted(str(p) for p in (ROOT / "examples" / "workshop").glob("*.yaml"))


@pytest.fixture
def open_profile(tmp_path):
    """A profile held by an interview (this process's lock on it, as `interview` takes it)."""
    path = tmp_path / "council.yaml"
    shutil.copy(ROOT / "examples" / "district-transitional.yaml", path)
    lock = ProfileLock(path)
    lock.acquire()
    yield path
    lock.release()


@pytest.mark.parametrize("args", [["combine", *WORKSHOP], ["example"],
                                  ["assess", str(ROOT / "examples" / "metropolitan-transactional.yaml"),
                                   "-f", "json"]],
                         ids=["combine", "example", "assess"])
def test_an_interviews_profile_is_not_replaced(run_cli, open_profile, args):
    before = open_profile.read_bytes()
    code, out, err = run_cli(*args, "-o", str(open_profile))
    assert code == 2, err
    if args[0] == "example":   # a starter is never written over any existing file, open or not
        assert err.startswith(f"Error: {open_profile}: exists; a starter is written only to a new file")
    else:
        assert err.startswith(f"Error: {open_profile}: is open in an interview (pid {os.getpid()} since ")
        assert err.rstrip().endswith("; end the interview first, or give another file name")
    assert len(err.splitlines()) == 1 and not out
    assert open_profile.read_bytes() == before


def test_once_the_interview_ends_the_file_can_be_replaced(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    assert run_cli("combine", *WORKSHOP, "-o", str(path))[0] == 0   # combine's own profile: it may replace it
    lock = ProfileLock(path)
    lock.acquire()
    assert run_cli("combine", *WORKSHOP, "-o", str(path))[0] == 2
    lock.release()
    code, _, err = run_cli("combine", *WORKSHOP, "-o", str(path))
    assert code == 0, err
    assert "respondents:" in path.read_text()


def test_a_lock_file_no_interview_holds_is_no_obstacle(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("")   # an empty file: nothing of the user's to keep
    lock = tmp_path / ".council.yaml.lock"
    lock.write_text("12345 09:30\n")  # left by an interview that was killed
    code, _, err = run_cli("combine", *WORKSHOP, "-o", str(path))
    assert code == 0, err
    assert "council:" in path.read_text()
    assert lock.read_text() == "12345 09:30\n"  # not ours: left as it was


def test_a_starter_never_replaces_an_existing_file(run_cli, tmp_path):
    path = tmp_path / "mine.yaml"
    shutil.copy(ROOT / "examples" / "district-transitional.yaml", path)
    before = path.read_bytes()
    code, out, err = run_cli("example", "-o", str(path))
    assert (code, out) == (2, "") and len(err.strip().splitlines()) == 1
    assert "exists; a starter is written only to a new file" in err and path.read_bytes() == before
    code, _, err = run_cli("example", "-o", str(tmp_path / "new.yaml"))
    assert code == 0 and (tmp_path / "new.yaml").read_text().startswith("# A starter council profile")


def test_a_starter_goes_through_a_device_or_a_pipe(run_cli, tmp_path):
    """/dev/null and a named pipe hold no file to replace: the starter is written through them; a link to a
    file that exists is refused as the file is."""
    code, _, err = run_cli("example", "-o", os.devnull)
    assert code == 0 and err.strip() == f"Wrote {os.devnull}"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, _ = run_cli("example", "-o", str(fifo))
    reader.join(10)
    assert code == 0 and got and got[0].startswith(b"# A starter council profile")
    target = tmp_path / "mine.yaml"
    target.write_text("council: {name: X, type: district}\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    code, _, err = run_cli("example", "-o", str(link))
    assert code == 2 and "exists; a starter is written only to a new file" in err
