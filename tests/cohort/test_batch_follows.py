"""`batch --letters` reads `follows` as `letter` does (issue 17): a profile written by `interview --from`
gets its letter's progress section from the earlier profile, the very letter `letter` makes; a followed
file that is not there is one note for that council in the batch's report, the letter made all the same;
an earlier profile that cannot be used fails that council alone; and a rerun makes the letter again when
the earlier profile appears, changes or goes."""

from __future__ import annotations

import json
from pathlib import Path

from follows_pair import NEW, OLD

OTHER = """\
council: {name: Other Borough Council, type: district}
assessed_on: 2009-05-01
characteristics:
  efficiency_policy: transactional
"""


def _cohort(tmp_path: Path) -> tuple[Path, Path]:
    """The 2009 cohort (a folder of two councils, one following last year's profile) and last year's file."""
    (tmp_path / "2008").mkdir()
    cohort = tmp_path / "2009"
    cohort.mkdir()
    old = tmp_path / "2008" / "council.yaml"
    old.write_text(OLD, encoding="utf-8")
    (cohort / "council.yaml").write_text(NEW, encoding="utf-8")
    (cohort / "other.yaml").write_text(OTHER, encoding="utf-8")
    return cohort, old


def test_a_batch_letter_reports_progress_since_the_followed_profile_as_letter_does(run_cli, tmp_path):
    cohort, _ = _cohort(tmp_path)
    out = tmp_path / "out"
    code, _, err = run_cli("batch", str(cohort), "-o", str(out), "--letters", "md", "-j", "1", "--date",
                           "2009-05-01")
    assert code == 0, err
    assert "Note:" not in err
    batch_letter = (out / "council.md").read_text(encoding="utf-8")
    assert "Since the assessment of 31 March 2008" in batch_letter
    assert ("Overall stage: transactional → transitional (up, provisional: both stages rest on only 3 of "
            "the 8 characteristics)") in batch_letter
    code, alone, _ = run_cli("letter", str(cohort / "council.yaml"), "-f", "md", "--date", "2009-05-01")
    assert code == 0
    assert batch_letter == alone
    # a council that follows nothing has no progress section
    assert "Since the assessment" not in (out / "other.md").read_text(encoding="utf-8")


def test_a_missing_followed_file_is_one_note_for_that_council_and_its_letter_is_made(run_cli, tmp_path):
    cohort, old = _cohort(tmp_path)
    old.unlink()
    out = tmp_path / "out"
    code, _, err = run_cli("batch", str(cohort), "-o", str(out), "--letters", "md", "-j", "1")
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("Note:")]
    assert notes == [f"Note: {cohort / 'council.yaml'} follows ../2008/council.yaml (2008-03-31), which is "
                     "not there; the letter reports no movement since it."]
    assert "Traceback" not in err
    letter = (out / "council.md").read_text(encoding="utf-8")
    assert "Since the assessment" not in letter and "## Priorities" in letter
    assert (out / "other.md").exists()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["councils"] if isinstance(summary, dict) else summary) == 2


def test_an_earlier_profile_of_another_council_fails_that_council_alone(run_cli, tmp_path):
    cohort, old = _cohort(tmp_path)
    old.write_text(OLD.replace("Example District Council", "Elsewhere District Council"), encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli("batch", str(cohort), "-o", str(out), "--letters", "md", "-j", "1")
    assert code == 2
    failed = [line for line in err.splitlines() if line.startswith("Failed:")]
    assert len(failed) == 1 and "Elsewhere District Council" in failed[0] and "Traceback" not in err
    assert (out / "other.md").exists() and not (out / "council.md").exists()


def test_a_rerun_remakes_the_letter_when_the_followed_profile_appears_or_changes(run_cli, tmp_path):
    cohort, old = _cohort(tmp_path)
    moved = tmp_path / "kept.yaml"
    old.rename(moved)
    out = tmp_path / "out"
    args = ("batch", str(cohort), "-o", str(out), "--letters", "md", "-j", "1")
    code, _, err = run_cli(*args)
    assert code == 0 and "Note:" in err
    assert "Since the assessment" not in (out / "council.md").read_text(encoding="utf-8")
    moved.rename(old)  # last year's profile is found again: the council's letter is made again
    code, stdout, err = run_cli(*args)
    assert code == 0 and "Note:" not in err
    assert "1 assessed, 1 unchanged (skipped)" in " ".join(stdout.split())
    assert "Since the assessment of 31 March 2008" in (out / "council.md").read_text(encoding="utf-8")
    code, stdout, _ = run_cli(*args)   # nothing changed: both kept
    assert "0 assessed, 2 unchanged (skipped)" in " ".join(stdout.split())
    old.write_text(OLD.replace("efficiency_policy: transactional", "efficiency_policy: transitional"),
                   encoding="utf-8")
    code, stdout, _ = run_cli(*args)   # last year's profile changed: the letter again
    assert "1 assessed, 1 unchanged (skipped)" in " ".join(stdout.split())
    assert "Overall stage: transactional → transitional" not in (out
                                                                 / "council.md").read_text(encoding="utf-8")


def test_results_without_letters_ignore_follows(run_cli, tmp_path):
    cohort, old = _cohort(tmp_path)
    old.unlink()
    code, _, err = run_cli("batch", str(cohort), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 0 and "Note:" not in err
