"""The full-screen interview leaving on a signal while its next screen is still being built: the widgets the
screen looks for are gone, which is the leaving, not an error (no traceback); the same miss while the
interview runs is still reported."""

from __future__ import annotations

import interview_bank
from backtofront.interview.app import InterviewApp
from backtofront.interview.session import Session
from backtofront.interview.store import ProfileFile
from textual.css.query import NoMatches


def _app(tmp_path, monkeypatch) -> InterviewApp:
    interview_bank.install(monkeypatch)
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    return InterviewApp(Session(interview_bank.bank(), ProfileFile(path)))


def test_a_screen_built_while_the_interview_leaves_is_not_an_error(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch)
    reported: list[Exception] = []
    monkeypatch.setattr("textual.app.App._handle_exception", lambda self, error: reported.append(error))
    app.exit("interrupted")
    app._handle_exception(NoMatches("No nodes match '#bar' on QuestionScreen()"))
    assert reported == []


def test_the_same_miss_while_the_interview_runs_is_reported(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch)
    reported: list[Exception] = []
    monkeypatch.setattr("textual.app.App._handle_exception", lambda self, error: reported.append(error))
    error = NoMatches("No nodes match '#bar' on QuestionScreen()")
    app._handle_exception(error)
    other = RuntimeError("a bug")
    app.exit("interrupted")
    app._handle_exception(other)
    assert reported == [error, other]
