"""The project's exceptions. The command line maps each to an exit code (see cli.ExitCode)."""


class BackToFrontError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(BackToFrontError):
    """Bad user input: a profile, an option value, an output path. Exit code 2."""

    def __init__(self, message: str, *, source: str | None = None, problems: list[str] | None = None):
        self.source = source
        self.problems = problems or [message]
        super().__init__(message)

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + p for p in self.problems)


class DataError(BackToFrontError):
    """A broken knowledge or rule file shipped with (or given to) the program. Exit code 1."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__("; ".join(problems))

    def __str__(self) -> str:
        return "\n".join(f"{self.source}: {p}" for p in self.problems)


class SetupError(BackToFrontError):
    """The installation is broken (e.g. durable-rules built without the Python 3.13 flag); the message
    gives the one command that fixes it. Exit code 1."""
