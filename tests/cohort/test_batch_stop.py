"""A stopped batch (Ctrl-C, SIGTERM, SIGHUP or an error) ends promptly: each worker finishes the council in
hand and leaves the rest of its task, and a worker that does not finish within the bound is ended, so a
stop never hangs."""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from backtofront.cohort import batch as batch_mod
from backtofront.cohort import sources
from backtofront import stopping

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


def _folder(tmp_path: Path, councils: int) -> list[sources.Entry]:
    folder = tmp_path / "in"
    folder.mkdir()
    text = EXAMPLE.read_text()
    for i in range(councils):
        (folder / f"c{i:03}.yaml").write_text(text)
    return sources.entries(str(folder))


def test_a_task_ends_before_its_next_council_once_the_batch_stops(tmp_path, monkeypatch):
    entries = _folder(tmp_path, 4)
    stop = threading.Event()
    monkeypatch.setattr(batch_mod, "_stop_event", stop)
    real = batch_mod.assess_one

    def assess_then_stop(*args, **kwargs):
        outcome = real(*args, **kwargs)
        stop.set()  # the stop arrives while the second council is in hand
        return outcome

    stop_after = iter([False, True])
    monkeypatch.setattr(batch_mod, "assess_one",
                        lambda *a, **k: assess_then_stop(*a, **k) if next(stop_after) else real(*a, **k))
    outcomes = batch_mod.assess_many(entries, str(tmp_path), None)
    assert [(o.name, o.status) for o in outcomes] == [("c000", "written"), ("c001", "written")]
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["c000.json", "c001.json"]
    # a task handed over after the stop assesses nothing
    assert batch_mod.assess_many(entries, str(tmp_path / "none"), None) == []


def test_a_stop_leaves_the_tasks_in_hand_after_their_council(tmp_path):
    """400 councils in tasks of 25 for two workers: the stop comes with the first task's results. The
    workers are then in their second tasks (three are handed out at a time), which end after the council
    in hand: far fewer than three whole tasks are written."""
    entries = _folder(tmp_path, 400)
    assert [len(t) for t in batch_mod.chunks(entries, 2, None)][:4] == [25] * 4
    out = tmp_path / "out"
    out.mkdir()
    seen: list[batch_mod.Outcome] = []

    def done(outcome: batch_mod.Outcome) -> None:
        seen.append(outcome)
        if len(seen) == 1:
            raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        batch_mod._parallel(entries, str(out), None, 2, done)
    assert time.monotonic() - started < batch_mod.STOP_WAIT
    written = sorted(p.name for p in out.glob("c*.json"))
    assert 25 <= len(written) < 75, len(written)
    # every council written is counted (the one that stopped the batch included), none twice
    assert sorted(f"{o.name}.json" for o in seen) == written


def test_a_worker_that_does_not_finish_is_ended_within_the_bound(monkeypatch):
    monkeypatch.setattr(batch_mod, "STOP_WAIT", 0.5)
    # as a batch's workers do, this one ignores SIGTERM as well as Ctrl-C
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=stopping.ignore_all)
    stuck = pool.submit(time.sleep, 3600)
    queued = pool.submit(time.sleep, 3600)
    while not stuck.running():
        time.sleep(0.01)
    started = time.monotonic()
    batch_mod._stop_pool(pool, [stuck, queued])
    assert time.monotonic() - started < 30
    assert stuck.done() and queued.done()
    # the queued council never ran: cancelled, or (when the pool had already handed it to the worker's
    # call queue, which ProcessPoolExecutor fills one ahead) ended with the pool
    assert queued.cancelled() or isinstance(queued.exception(), BrokenProcessPool)


def test_a_second_stop_ends_the_workers_at_once_and_none_is_left_writing(capfd):
    """A second Ctrl-C while the workers finish their councils ends them at once (the bound is not
    waited for), and no worker is alive once the pool is stopped: none can write a file after the run
    has recorded what it wrote."""
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"),
                               initializer=stopping.ignore_all)
    busy = [pool.submit(time.sleep, 3600) for _ in range(2)]
    queued = [pool.submit(time.sleep, 3600) for _ in range(4)]   # cancelled by the stop
    while not all(f.running() for f in busy):
        time.sleep(0.01)
    processes = list(pool._processes.values())
    started = time.monotonic()
    batch_mod._stop_pool(pool, busy + queued, again=lambda: signal.SIGINT)
    assert time.monotonic() - started < 10 < batch_mod.STOP_WAIT
    assert not any(p.is_alive() for p in processes)
    assert all(isinstance(f.exception(), BrokenProcessPool) for f in busy)
    # the pool's own thread, failing on the cancelled tasks as the workers go, shows no traceback
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(("written", "todo", "line"), [
    (0, 0, "Stopped before any council was assessed; run the same command again to assess them."),
    (0, 1, "Stopped before the council was written; run the same command again to assess them."),
    (0, 400, "Stopped before any of the 400 councils was written; run the same command again to "
             "assess them."),
    (3, 400, "Stopped: 3 of 400 councils written; run the same command again to finish the rest."),
    (2, 2, "Stopped: all 2 councils written, but not the summaries; run the same command again to write "
           "them."),
])
def test_the_stop_line_says_what_was_written(written, todo, line):
    assert batch_mod.interrupted_line(written, todo) == line
