"""Every output format, once: which formats each command writes, how they are named, their files'
extensions, and the function that renders each. The click choices of `-f/--format` (and `batch
--letters`), the guess from the `-o` file's extension and the dispatch to a renderer all come from the
registries below, so a format cannot be half-added: a name without a renderer, or a renderer no option
offers, is caught by tests/render/test_format_registry.py, which renders every registered format of every
command.

Which format a command writes: `--format` if given, else the `-o` file's extension, else the command's
default. Every command names formats the same way: `text`, `json`, `md` (also `markdown`), `html`, `docx`,
`pdf`, `yaml`, `csv`, `xlsx`, in any case. Extensions: `.json` JSON, `.md`/`.markdown` Markdown,
`.txt`/`.text` text, `.html`/`.htm` HTML, `.docx`, `.pdf`, `.yaml`/`.yml`, `.csv`, `.xlsx`; no extension
(or standard output) means the command's default. An extension the command cannot make (`.doc`, `.odt`,
`.txt` for a letter) is refused, naming the choices, rather than written in another format under a
misleading name. A binary format (Word, PDF, a workbook) is refused on standard output before any work.

This module imports nothing heavy (the command line reads it to build its options): renderers are named
as "module:function" and imported when a format is rendered.
"""

from __future__ import annotations

import enum
import importlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click
import msgspec
from backtofront.classifier.errors import InputError


class FileFormat(msgspec.Struct, frozen=True):
    """A kind of file the product writes: its name as commands spell it (`md`), other names it is known by
    (`markdown`), its files' extensions (the first is the one to give), and whether it is binary (never
    written to standard output)."""

    name: str
    label: str
    extensions: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    binary: bool = False


FILE_FORMATS: dict[str, FileFormat] = {f.name: f for f in (
    FileFormat("text", "plain text", (".txt", ".text"), aliases=("txt",)),
    FileFormat("json", "JSON", (".json",)),
    FileFormat("md", "Markdown", (".md", ".markdown"), aliases=("markdown",)),
    FileFormat("html", "HTML", (".html", ".htm"), aliases=("htm",)),
    FileFormat("docx", "Word", (".docx",), binary=True),
    FileFormat("pdf", "PDF", (".pdf",), binary=True),
    FileFormat("yaml", "YAML", (".yaml", ".yml"), aliases=("yml",)),
    FileFormat("csv", "CSV", (".csv",)),
    FileFormat("xlsx", "Excel workbook", (".xlsx",), binary=True),
)}
ALIASES = {alias: f.name for f in FILE_FORMATS.values() for alias in f.aliases}
EXTENSIONS = {ext: f.name for f in FILE_FORMATS.values() for ext in f.extensions}


def canonical(name: str) -> str:
    """A format name as every command spells it: lower case, `markdown` -> `md`, `txt` -> `text`."""
    name = str(getattr(name, "value", name)).strip().lower()
    return ALIASES.get(name, name)


class FormatChoice(click.Choice):
    """click.Choice over canonical format names that also takes their aliases, in any case."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        super().__init__(choices, case_sensitive=False)

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            value = canonical(value)
        return super().convert(value, param, ctx)


def wrong_extension(output: str, extensions: tuple[str, ...], what: str, suffix: str | None = None
                    ) -> InputError:
    """The one error for an output file whose extension is not one of `extensions` (".yaml", ...): "x.md: a
    profile is written as .yaml, .yml or .json, not .md", `what` naming the output; `suffix`, the extension
    found where it is not Path's (".pdf" alone). Every check of an output's extension (a command's formats,
    a profile, a student's answers) says it so."""
    suffix = Path(output).suffix.lower() if suffix is None else suffix
    listed = extensions[0] if len(extensions) == 1 else f"{', '.join(extensions[:-1])} or {extensions[-1]}"
    return InputError(f"{what} is written as {listed}, not {suffix or 'a name without an extension'}",
                      source=output)


def pick(fmt: str | None, output: str | None, choices: tuple[str, ...], default: str) -> str:
    """The format to write: `fmt` (already canonical) if given, else from `output`'s extension, else
    `default`. Raises InputError (exit 2) for an extension outside `choices`, naming them, and for a name that
    is only an extension (".pdf", which Python reads as a hidden file without one) or ends in a dot or a
    space ("x.pdf.")."""
    if fmt:
        return fmt
    if not output or output == "-":
        return default
    base = os.path.basename(output)
    if base not in ("", ".", "..") and base.endswith((".", " ")):  # "x.pdf.": Windows drops the dot
        raise InputError("a name ending in a dot or a space, which Windows drops (and so the extension that "
                         "says the format); remove it", source=output)
    suffix = Path(output).suffix.lower()
    if not suffix and Path(output).name.lower() in EXTENSIONS:  # "-o .pdf": an extension with no name
        suffix = Path(output).name.lower()
        if EXTENSIONS[suffix] in choices:
            raise InputError("an extension without a name (it would be a hidden file); give the file a "
                             f"name, e.g. council{suffix}", source=output)
    if not suffix:
        return default
    found = EXTENSIONS.get(suffix)
    if found not in choices:
        raise wrong_extension(output, tuple(ext for name in choices for ext in FILE_FORMATS[name].extensions),
                              f"this command's output ({', '.join(choices)})", suffix)
    return found


class FormatName(str, enum.Enum):
    """The base of every command's format enum (`Registry.enum`): a member is the str of its canonical
    format name, so code typed against `FormatName | str` takes a member or a name alike."""


class Registry(msgspec.Struct, frozen=True):
    """One command's output formats: `renderers` maps each format's name (a FILE_FORMATS key), in the
    order `--help` lists them, to its renderer as "module:function". Every renderer of a command takes the
    same arguments (`call`, for the code that renders); an option a format has no use for is accepted and
    ignored. `what` names the output in messages ("a pdf letter is binary: ...")."""

    command: str
    what: str
    default: str
    renderers: Mapping[str, str]
    call: str = ""

    def __post_init__(self) -> None:
        unknown = [name for name in self.renderers if name not in FILE_FORMATS]
        if unknown or self.default not in self.renderers:
            raise AssertionError(f"{self.command}: unknown format {unknown or self.default}")

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.renderers)

    def format(self, name: str) -> FileFormat:
        return FILE_FORMATS[canonical(name)]

    def choice(self) -> FormatChoice:
        """The click type of this command's `--format` (its names and their aliases, any case)."""
        return FormatChoice(self.choices)

    def pick(self, fmt: str | None, output: str | None) -> str:
        """The format to write (module `pick`), refusing a binary one to standard output (InputError,
        exit 2) before any work is done."""
        name = pick(fmt, output, self.choices, self.default)
        if FILE_FORMATS[name].binary and output in (None, "-"):
            raise InputError(f"a {name} {self.what} is binary: give an output file with -o FILE")
        return name

    def renderer(self, name: str) -> Callable[..., str | bytes]:
        """The function rendering format `name` (canonical or an alias, or a member of `enum()`);
        AssertionError for a format this command does not write (a program error: the options offer only
        its choices)."""
        name = canonical(name)
        if name not in self.renderers:
            raise AssertionError(f"{self.command} has no {name} format")
        module, function = self.renderers[name].split(":")
        return getattr(importlib.import_module(module), function)

    def render(self, name: str, *args: Any, **options: Any) -> str | bytes:
        """Format `name` rendered from `args` and `options` (see `call`): text, or bytes when binary."""
        return self.renderer(name)(*args, **options)

    def render_text(self, name: str, *args: Any, **options: Any) -> str:
        """`render` for a format written as text (never a binary one): its text. AssertionError if the
        renderer returns bytes (a program error: the caller names a binary format)."""
        out = self.render(name, *args, **options)
        if not isinstance(out, str):
            raise AssertionError(f"{self.command}: {canonical(name)} is not a text format")
        return out

    def enum(self, name: str, module: str) -> type[FormatName]:
        """This command's formats as a FormatName (str) Enum class called `name` in `module` (members named
        by format and alias in upper case, MD and MARKDOWN alike; values the canonical names)."""
        members = [(n.upper(), n) for n in self.renderers]
        members += [(a.upper(), n) for n in self.renderers for a in FILE_FORMATS[n].aliases]
        # Enum's functional API called on FormatName makes a subclass of it; mypy reads a call of a str
        # Enum with arguments as str's constructor.
        return FormatName(name, members, module=module)  # type: ignore[call-overload]


ASSESS = Registry("assess", "report", "text", {
    "text": "backtofront.render.formats:text",
    "json": "backtofront.render.formats:as_json",
    "md": "backtofront.render.formats:markdown",
}, call="(result, *, color, width, encoding, top, show_all, screen_only)")

LETTER = Registry("letter", "letter", "md", {
    "md": "backtofront.render.letter:render_md",
    "html": "backtofront.render.letter:render_html",
    "docx": "backtofront.render.letter:render_docx",
    "pdf": "backtofront.render.letter:render_pdf",
}, call="(letter, template_dir)")

KNOWLEDGE = Registry("knowledge", "view", "text", {
    "text": "backtofront.render.knowledge_view:knowledge_text",
    "json": "backtofront.render.knowledge_view:knowledge_json",
}, call="(topic, *, to_file)")

RULES = Registry("rules", "list", "text", {
    "text": "backtofront.render.knowledge_view:rules_text",
    "json": "backtofront.render.knowledge_view:rules_json",
}, call="(*, to_file)")

HANDOUT = Registry("handout", "handout", "md", {
    "md": "backtofront.render.handout:as_markdown",
    "html": "backtofront.render.handout:as_html",
    "pdf": "backtofront.render.handout:as_pdf",
}, call="(number, kind)")

GRADE = Registry("grade", "class summary", "text", {
    "text": "backtofront.render.classroom:render_text",
    "md": "backtofront.render.classroom:render_md",
    "html": "backtofront.render.classroom:render_html",
    "json": "backtofront.render.classroom:render_json",
}, call="(class_grade, *, width)")

CHECKLIST = Registry("checklist", "checklist", "text", {
    "text": "backtofront.render.trainer:checklist_plain",
    "md": "backtofront.render.trainer:checklist_markdown",
}, call="(numbers, *, to_file)")

EXAMPLE = Registry("example", "starter profile", "yaml", {
    "yaml": "backtofront.render.knowledge_view:example_profile",
    "csv": "backtofront.cohort.csvfile:template",
}, call="()")

QUESTIONS = Registry("questions", "questionnaire", "text", {
    "text": "backtofront.render.questions_view:bank_text",
    "json": "backtofront.render.questions_view:bank_json",
    "md": "backtofront.render.questions_view:bank_markdown",
    "csv": "backtofront.render.questions_view:bank_csv",
    "xlsx": "backtofront.render.questions_view:bank_xlsx",
    "docx": "backtofront.render.questions_view:bank_docx",
}, call="(*, color, width)")

COMPARE = Registry("compare", "comparison", "text", {
    "text": "backtofront.cohort.compare:as_text",
    "md": "backtofront.cohort.compare:as_markdown",
    "html": "backtofront.cohort.compare:as_html",
    "json": "backtofront.cohort.compare:as_json",
}, call="(comparison, kb, *, color, width)")

BENCHMARK = Registry("benchmark", "benchmark", "text", {
    "text": "backtofront.cohort.benchmark:text",
    "json": "backtofront.cohort.benchmark:as_json",
    "html": "backtofront.cohort.benchmark:as_html",
}, call="(benchmark, rows, kb, *, color, width)")

# Every command's registry, by the command that writes it (`cases show` and `walkthrough` both write
# handouts; `batch --letters` writes letters).
REGISTRIES: dict[str, Registry] = {
    "assess": ASSESS, "letter": LETTER, "batch --letters": LETTER, "knowledge": KNOWLEDGE, "rules": RULES,
    "cases show": HANDOUT, "walkthrough": HANDOUT, "grade": GRADE, "checklist": CHECKLIST,
    "example": EXAMPLE, "questions": QUESTIONS, "compare": COMPARE, "benchmark": BENCHMARK,
}
