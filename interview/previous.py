"""`interview --from OLD`: the earlier assessment a new one starts from (issue 17).

The earlier profile is only read, never written. It gives the new assessment the council's name and type,
its answers as defaults that the assessor confirms or changes one by one (never copied unasked), its
evidence notes to show beside each question, and the stages it stated for the Table 4 characteristics, shown
beside that characteristic's questions and never made into answers. The new profile records
`follows: {file, assessed_on}` (docs/profile-format.md), which `letter` reads as it reads `--previous`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from backtofront.classifier import loading
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError

from .store import Answer


@dataclass(frozen=True)
class Previous:
    """The earlier assessment: `path` as given, `profile` loaded and valid, and `file`, its path relative to
    the new profile's folder (as `follows.file` records it)."""
    path: Path
    profile: profile_mod.Profile
    file: str

    @property
    def assessed_on(self) -> dt.date | None:
        return self.profile.assessed_on

    @property
    def when(self) -> str:
        """'Last time (2008-03-31)', or 'Last time' for an undated profile."""
        return f"Last time ({self.assessed_on.isoformat()})" if self.assessed_on else "Last time"

    def answer(self, question_id: str) -> Answer | None:
        """The earlier answer to a question of the bank, with its evidence and justification, or None."""
        given = self.profile.answered().get(question_id)
        if given is None:
            return None
        value = given.answer
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return Answer(value, given.evidence, given.justification)

    def stage(self, characteristic: str | None) -> tuple[str, str | None] | None:
        """The stage the earlier profile stated for `characteristic` (a Table 4 id) and its evidence note:
        (stage id, evidence or None), or None when it stated none."""
        if not characteristic:
            return None
        assessed = self.profile.characteristics.assessed().get(characteristic)
        return (assessed.stage, assessed.evidence) if assessed and assessed.stage else None

    def follows(self) -> dict:
        """What the new profile records: {"file": ..., "assessed_on": date or None}."""
        return {"file": self.file, "assessed_on": self.assessed_on}


def load(path: str, output: str) -> Previous:
    """The profile at `path` as the start of a new assessment saved at `output`. InputError (exit 2, one
    line) when `path` is standard input, not a readable profile (missing, a folder, not YAML/JSON, not
    valid: profile.load's messages), or the same file as `output`."""
    if path == loading.STDIN:
        raise InputError("--from takes the earlier profile's file, not standard input")
    if os.path.exists(output) and os.path.exists(path) and os.path.samefile(path, output) or \
            os.path.realpath(path) == os.path.realpath(output):
        raise InputError(f"--from {path} is the profile being written (-o {output}); the new assessment "
                         "goes in a new file, e.g. -o council-2009.yaml", source=None)
    if os.path.isdir(path):
        raise InputError("is a directory; --from takes the earlier profile's file", source=path)
    profile = profile_mod.load(path)
    start = os.path.dirname(os.path.abspath(output))
    try:
        file = Path(os.path.relpath(os.path.abspath(path), start)).as_posix()
    except ValueError:  # another drive (Windows): no relative path
        file = Path(os.path.abspath(path)).as_posix()
    return Previous(Path(path), profile, file)
