"""`interview -o` through a symbolic link that cannot lead to a profile is refused before any prompt, naming
what is wrong: a link that leads back to itself, and a link into a folder that does not exist (named as the
link resolves, as `assess -o` names it)."""

from __future__ import annotations

import os

import pytest
from backtofront.classifier.errors import InputError
from backtofront.interview.store import ProfileFile


def test_a_link_to_itself_is_refused_at_start(run_cli, tmp_path):
    loop = tmp_path / "loop.yaml"
    os.symlink("loop.yaml", loop)
    with pytest.raises(InputError, match="is a symbolic link that leads back to itself"):
        ProfileFile(loop)
    code, out, err = run_cli("interview", "-o", str(loop), "--plain")
    assert code == 2 and "Council name" not in out
    assert err.strip() == (f"Error: {loop}: is a symbolic link that leads back to itself; give a file name "
                           "for the profile")


def test_a_link_into_a_missing_folder_names_that_folder(run_cli, tmp_path):
    dangling = tmp_path / "dang.yaml"
    os.symlink(tmp_path / "nowhere" / "x.yaml", dangling)
    code, out, err = run_cli("interview", "-o", str(dangling), "--plain")
    assert code == 2 and "Council name" not in out
    assert err.strip() == f"Error: {dangling}: folder {str(tmp_path / 'nowhere')!r} does not exist"
    os.symlink(tmp_path / "nowhere" / "x.md", tmp_path / "dang.md")
    code, _, err_assess = run_cli("assess", "--case", "1", "-o", str(tmp_path / "dang.md"))
    assert code == 2 and f"folder {str(tmp_path / 'nowhere')!r} does not exist" in err_assess


def test_a_link_to_a_new_file_in_a_folder_that_exists_is_followed(tmp_path):
    os.symlink(tmp_path / "real.yaml", tmp_path / "link.yaml")
    assert not ProfileFile(tmp_path / "link.yaml").exists
