"""The project's exceptions. The command line maps each to an exit code (see cli.ExitCode)."""


def printable(text: str) -> str:
    """`text` on one line: every character that is not printable (a newline, a tab, a control character,
    an invisible formatting character) written as Python's repr writes it (`\\n`, `\\x07`, `\\u202e`), so
    that a message never breaks across lines or hides its own text."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def is_utf8(text: str) -> bool:
    """Whether `text` can be written as UTF-8: a file name whose bytes are not UTF-8 reaches Python with lone
    surrogates, which no result, summary or JSON can hold (messages show it with `printable`'s escapes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def named(text: str) -> str:
    """A name (a file, a key) as a message shows it: as written when printable, else as Python's repr."""
    return text if text.isprintable() else repr(text)


class BackToFrontError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(BackToFrontError):
    """Bad user input: a profile, an option value, an output path. Exit code 2."""

    def __init__(self, message: str, *, source: str | None = None, problems: list[str] | None = None,
                 unshown: int | None = 0):
        self.source = source
        self.problems = problems or [message]
        # problems found but not listed (`raise_all`: "and N more problems" ends `problems`); None: more
        # than were counted
        self.unshown = unshown
        super().__init__(message)

    def more_words(self) -> str:
        """How many problems there are beyond the first, in words, for a one-line message: "3 more
        problems", "1 more problem", "more problems" (past what was counted), or "" for none."""
        if self.unshown is None:
            return "more problems"
        more = len(self.problems) - 1 - (1 if self.unshown else 0) + self.unshown  # less the "and N" line
        return f"{more} more problem{'s' if more != 1 else ''}" if more else ""

    def __str__(self) -> str:
        """One line a problem, each starting with the source (a name that is not printable shown as its
        repr); no line holds a newline or a control character."""
        prefix = f"{named(self.source)}: " if self.source else ""
        return "\n".join(prefix + printable(p) for p in self.problems)


MAX_PROBLEMS = 20  # problems one InputError lists at most (`every_problem`); then "and N more problems"


def raise_all(problems: list[str], source: str | None, complete: bool = True) -> None:
    """One InputError listing every problem of one input (one line each: the place, then what is wrong), at
    most MAX_PROBLEMS of them and "and N more problems"; its message, the first line, is the first problem.
    `complete`: False when the search for problems stopped once it had found more than MAX_PROBLEMS (how
    many more is not known: "and more problems"). Nothing when there is none. Used for profiles,
    workbooks and answers files alike."""
    if not problems:
        return
    shown = problems[:MAX_PROBLEMS]
    unshown: int | None = 0
    if len(problems) > MAX_PROBLEMS and not complete:
        shown.append("and more problems: fix these and check it again to see the rest")
        unshown = None
    elif len(problems) > MAX_PROBLEMS:
        unshown = len(problems) - MAX_PROBLEMS
        shown.append(f"and {unshown} more problem{'s' if unshown != 1 else ''}")
    raise InputError(shown[0], source=source, problems=shown, unshown=unshown)


class DataError(BackToFrontError):
    """A broken knowledge or rule file shipped with (or given to) the program. Exit code 1."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__("; ".join(problems))

    def __str__(self) -> str:
        return "\n".join(f"{named(self.source)}: {printable(p)}" for p in self.problems)


class SetupError(BackToFrontError):
    """The installation is broken (e.g. durable-rules built without the Python 3.13 flag); the message
    gives the one command that fixes it. Exit code 1."""
