from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import signal
import time
from pathlib import Path

import forked
import ptyprocess
import pytest
from hypothesis import HealthCheck, settings
from backtofront.classifier import knowledge, profile
from backtofront.classifier.classify import Classifier
from backtofront.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "report" / "back-to-front-2008.md"
DEFAULT_COUNCIL = {"name": "Test Council", "type": "district"}

# Property tests: `make test` ("ci") draws the same examples every run, from the test's own code rather than
# a saved database, so the suite gives the same answer twice; `make fuzz` ("fuzz") draws new ones each run,
# thousands a test. Whatever fuzz finds becomes an @example beside the test.
_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_QUIET)
settings.register_profile("fuzz", max_examples=10_000, deadline=None, derandomize=False,
                          suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(n: int) -> int:
    """`max_examples` for a property test that draws `n` in `make test`: `n` there, and the fuzz profile's
    thousands under `make fuzz` (an explicit `@settings(max_examples=n)` would hold fuzz to `n`)."""
    return max(n, settings.default.max_examples) if not settings.default.derandomize else n

KEPT_ENV = forked.KEPT_ENV  # the BACKTOFRONT_* variables each test keeps (the cache's); the rest are cleared


# Tests that need outside programs, each run by its own make target (after `make test` in .ci/run):
# marker -> what it needs. `make test` skips them with this reason.
OUTSIDE = {
    "office": "LibreOffice (soffice) for Word and workbook round trips: run make test-office",
    "a11y": "headless Chromium and axe-core for accessibility checks: run make test-a11y",
}


def pytest_addoption(parser):
    for marker in OUTSIDE:
        parser.addoption(f"--run-{marker}", action="store_true", help=f"run the tests marked {marker}")


@pytest.hookimpl(trylast=True)  # after pytest's own ordering of the items (by fixture) and deselection
def pytest_collection_modifyitems(config, items):
    for marker, reason in OUTSIDE.items():
        if config.getoption(f"--run-{marker}"):
            continue
        skip = pytest.mark.skip(reason=f"needs {reason}")
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)
    items[:] = _spread_folders(items)


def _spread_folders(items: list) -> list:
    """The items with each folder's test files spread evenly over the run, each file's tests together and in
    their order. pytest-xdist hands the tests out in this order, a few at a time, so the workers are always
    near the same place in it: in collection order all of them would be in tests/interview/ at once (tests
    that mostly wait on a terminal or a timer, leaving the cores idle) and then all in tests/render/ (tests
    that draw PDF letters, more than the cores can run). Spread out, waiting and drawing overlap. A file's
    place is the middle of its tests in its folder, as a fraction of the folder's tests."""
    files: dict = {}
    for item in items:
        files.setdefault(item.path, []).append(item)
    folders: dict = {}
    for path, tests in files.items():
        folders.setdefault(path.parent, []).append(tests)
    placed = []
    for folder, tests_of_files in folders.items():
        total, before = sum(map(len, tests_of_files)), 0
        for tests in tests_of_files:
            placed.append(((before + len(tests) / 2) / total, str(folder), tests))
            before += len(tests)
    placed.sort(key=lambda p: (p[0], p[1]))
    return [item for _, _, tests in placed for item in tests]


def pytest_configure(config):
    # A suite started as a background job (`make test &`) inherits an ignored SIGINT, and so would every
    # command it starts: the Ctrl-C tests need Python's own handler back, here and in the children.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # and a suite started under nohup inherits an ignored SIGHUP: the hang-up tests need its default back
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    ptyprocess.PtyProcess.close = _close_pty


def _close_pty(self, force=True):
    """ptyprocess's PtyProcess.close, which gives the kernel a fixed delayafterclose (0.1 s) to report the
    child's exit after the terminal is closed, and then ends a child still running (SIGHUP, SIGINT, at
    last SIGKILL). Here the same deadline is waited for the exit itself: a child that has ended (nearly
    every one, read to EOF) is found at once, and one still running at the deadline is ended as before.
    A terminal test closes hundreds of terminals."""
    if self.closed:
        return
    self.flush()
    self.fileobj.close()
    deadline = time.monotonic() + self.delayafterclose
    while self.isalive() and time.monotonic() < deadline:
        time.sleep(0.002)
    if self.isalive() and not self.terminate(force):
        raise ptyprocess.PtyProcessError("Could not terminate the child.")
    self.fd = -1
    self.closed = True


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """No BACKTOFRONT_* setting of the person running the tests reaches a test (the cache variables aside)."""
    for name in list(os.environ):
        if name.startswith("BACKTOFRONT_") and name not in KEPT_ENV:
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def kb():
    return knowledge.load()


@pytest.fixture(scope="session")
def classifier():
    return Classifier()


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


# The date the shared letters bear (the report's month).
LETTER_DATE = dt.date(2008, 11, 1)


@pytest.fixture(scope="session")
def letter_pdf(tmp_path_factory):
    """The PDF of a letter from the package's templates, drawn once for the whole run: letter_pdf(letter)
    -> (PDF bytes, each page's text). WeasyPrint takes a second or more a letter, and several test files
    print the same letters; a letter is known by its HTML, which is all WeasyPrint is given, so two tests
    whose letters give the same HTML share one drawing. The drawings are kept in a folder that every
    pytest-xdist worker of the run shares (each drawn once, under a lock, by the first worker to ask)."""
    from backtofront.render import letter as letter_mod
    from pypdf import PdfReader

    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "letter-pdfs"
    folder.mkdir(exist_ok=True)
    seen: dict[str, tuple[bytes, list[str]]] = {}

    def get(letter) -> tuple[bytes, list[str]]:
        html = letter_mod.render(letter, letter_mod.LetterFormat.HTML)
        key = hashlib.sha256(html.encode("utf-8")).hexdigest()
        if key not in seen:
            pdf, pages = folder / f"{key}.pdf", folder / f"{key}.json"
            with open(folder / f"{key}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not pages.exists():
                    data = letter_mod.render(letter, letter_mod.LetterFormat.PDF)
                    texts = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
                    for path, content in ((pdf, data), (pages, json.dumps(texts).encode("utf-8"))):
                        path.with_suffix(".part").write_bytes(content)
                        path.with_suffix(".part").rename(path)
            seen[key] = (pdf.read_bytes(), json.loads(pages.read_text(encoding="utf-8")))
        return seen[key]
    return get


@pytest.fixture(scope="session")
def example_pdf(classifier, letter_pdf):
    """The PDF letter of a bundled example (letter_pdf's, drawn once for the run): get(stem, brief=False)
    -> (Letter, PDF bytes, each page's text), for examples/<stem>.yaml dated LETTER_DATE."""
    from backtofront.render import letter as letter_mod

    built: dict[tuple[str, bool], object] = {}

    def get(stem: str, brief: bool = False):
        if (stem, brief) not in built:
            result = classifier.classify(profile.load(ROOT / "examples" / f"{stem}.yaml"))
            built[stem, brief] = letter_mod.build(result, classifier.kb,
                                                  letter_mod.Options(date=LETTER_DATE, brief=brief))
        letter = built[stem, brief]
        return (letter, *letter_pdf(letter))
    return get


@pytest.fixture
def batch_source(tmp_path):
    """A folder for `batch`, `tmp_path/in`, holding examples/district-transitional.yaml as a.yaml and each
    of `files` ({name: text}): source(**files) -> the folder."""
    def make(**files: str) -> Path:
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "a.yaml").write_bytes((ROOT / "examples" / "district-transitional.yaml").read_bytes())
        for name, text in files.items():
            (folder / name).write_text(text)
        return folder
    return make


def make_profile(data: dict) -> profile.Profile:
    return profile.parse({"council": DEFAULT_COUNCIL, **data}, "test")


@pytest.fixture
def classify(classifier):
    def run(data: dict):
        return classifier.classify(make_profile(data))
    return run


@pytest.fixture
def run_cli(capsys):
    """Run the command in-process; returns (exit code, stdout, stderr)."""
    def run(*args: str):
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return run
