"""Which format a command writes: `--format` if given, else the `-o` file's extension, else the default.

Every command names formats the same way: `text`, `json`, `md` (also `markdown`), `html`, `docx`, `pdf`,
in any case. Extensions: `.json` JSON, `.md`/`.markdown` Markdown, `.txt` text, `.html`/`.htm` HTML,
`.docx`, `.pdf`; no extension (or standard output) means the command's default. An extension the command
cannot make (`.doc`, `.odt`, `.txt` for a letter) is refused, naming the choices, rather than written in
another format under a misleading name.
"""

from __future__ import annotations

from pathlib import Path

import click
from backtofront.classifier.errors import InputError

ALIASES = {"markdown": "md", "txt": "text", "htm": "html"}
EXTENSIONS = {".json": "json", ".md": "md", ".markdown": "md", ".txt": "text", ".text": "text",
              ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
              ".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".xlsx": "xlsx"}


def canonical(name: str) -> str:
    """A format name as every command spells it: lower case, `markdown` -> `md`, `txt` -> `text`."""
    name = name.strip().lower()
    return ALIASES.get(name, name)


class FormatChoice(click.Choice):
    """click.Choice over canonical format names that also takes their aliases, in any case."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        super().__init__(choices, case_sensitive=False)

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            value = canonical(value)
        return super().convert(value, param, ctx)


def pick(fmt: str | None, output: str | None, choices: tuple[str, ...], default: str) -> str:
    """The format to write: `fmt` (already canonical) if given, else from `output`'s extension, else
    `default`. Raises InputError (exit 2) for an extension outside `choices`, naming them."""
    if fmt:
        return fmt
    if not output or output == "-":
        return default
    suffix = Path(output).suffix.lower()
    if not suffix:
        return default
    found = EXTENSIONS.get(suffix)
    if found not in choices:
        exts = ", ".join(ext for ext, name in EXTENSIONS.items() if name in choices)
        raise InputError(f"this command cannot write {suffix} files; use one of: {exts} (its formats: "
                         f"{', '.join(choices)})", source=output)
    return found
