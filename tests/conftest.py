from __future__ import annotations

from pathlib import Path

import pytest
from backtofront.classifier import knowledge, profile
from backtofront.classifier.classify import Classifier
from backtofront.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "report" / "back-to-front-2008.md"
DEFAULT_COUNCIL = {"name": "Test Council", "type": "district"}


@pytest.fixture(scope="session")
def kb():
    return knowledge.load()


@pytest.fixture(scope="session")
def classifier():
    return Classifier()


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


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
