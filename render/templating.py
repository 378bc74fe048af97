"""The Jinja environment for output templates.

Built-in templates live in templates/ inside the package. A user's folder (--template-dir) comes first,
so a council can replace a template; the built-ins stay reachable as `builtin/NAME` so a user template
can extend one. User templates run in Jinja's sandbox, bounded in output size and time (`BoundedSandbox`),
and every problem in one (syntax, an undefined name, a missing or self-include, a sandbox violation, a
binary file, a limit) is an InputError (exit code 2) naming the template file and line.

Markdown templates escape HTML in the values they print (`markdown_escape`), so text from a profile
cannot put raw HTML into a .md file; HTML templates autoescape; Word templates strip the control
characters XML cannot hold before docxtpl escapes `<`, `>` and `&` (`docx_environment`)."""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from backtofront.classifier import loading
from backtofront.classifier.errors import InputError
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from .plain import markdown_cell

MAX_OUTPUT_CHARS = 5_000_000   # a letter is some tens of kilobytes
MAX_TEMPLATE_BYTES = 1_000_000
MAX_DOCX_BYTES = 20_000_000
TIME_LIMIT_S = 10.0
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


class TemplateLimit(SecurityError):
    """A template went past the output size or time limit."""


def markdown_escape(value: Any) -> Any:
    """Markdown templates' finalize: text printed into Markdown cannot open an HTML tag or spell an
    entity (`<script>` becomes `&lt;script>`; `&amp;` becomes `&amp;amp;`); `&` and `>` in ordinary text
    stay as they are."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _ENTITY_LIKE.sub("&amp;", value).replace("<", "&lt;")
    return value


def xml_text(value: Any) -> Any:
    """Word templates' finalize: text without the characters XML 1.0 cannot hold (control characters,
    surrogates), which would make docxtpl's XML repair drop every escaped `<`, `>` and `&`."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    return value


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with limits: a text made by `*` longer than MAX_OUTPUT_CHARS, a huge power, an output
    longer than MAX_OUTPUT_CHARS or a render longer than TIME_LIMIT_S raises TemplateLimit."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline: float | None = None
        self.concat = self._bounded_concat

    def _tick(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TemplateLimit("the template ran for longer than the time limit")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT_CHARS:
                    raise TemplateLimit(f"the template makes a text longer than {MAX_OUTPUT_CHARS:,} characters")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
            raise TemplateLimit("the template raises a number to a power above 1000")
        return super().call_binop(context, operator, left, right)

    def call(self, context, obj, /, *args, **kwargs):
        self._tick()
        return super().call(context, obj, *args, **kwargs)

    def _bounded_concat(self, parts: Iterable[str]) -> str:
        out, total = [], 0
        for i, part in enumerate(parts):
            total += len(part)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateLimit(f"the template writes more than {MAX_OUTPUT_CHARS:,} characters")
            if not i % 256:
                self._tick()
            out.append(part)
        return "".join(out)


@contextlib.contextmanager
def time_limit(env: BoundedSandbox, seconds: float | None = None) -> Iterator[None]:
    """Bound a render to `seconds` (default TIME_LIMIT_S): checked on every call, operator and output
    chunk in the template, and, in the main thread, by a timer that interrupts even a loop that does
    nothing."""
    seconds = TIME_LIMIT_S if seconds is None else seconds
    env.deadline = time.monotonic() + seconds
    use_timer = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = None
    if use_timer:
        def on_alarm(signum, frame):
            raise TemplateLimit(f"the template ran for more than {seconds:g} seconds")
        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        env.deadline = None
        if use_timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


class UserLoader(BaseLoader):
    """A council's template folder, read through the project's safe reader: at most MAX_TEMPLATE_BYTES,
    UTF-8 text only; a binary or oversized file is an InputError naming it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment, template):
        path = posixpath.join(str(self.folder), *split_template_path(template))
        if not os.path.isfile(path):
            raise TemplateNotFound(template)
        raw = loading.read_bytes(path, limit=MAX_TEMPLATE_BYTES, what="template")
        text = loading.decode(raw, path, "template", "a text template")
        mtime = os.path.getmtime(path)
        return text, path, lambda: os.path.isfile(path) and os.path.getmtime(path) == mtime


def environment(template_dir: str | Path | None = None, *, markdown: bool = False) -> BoundedSandbox:
    """The environment for letters and reports: the user's folder first, then the built-ins (also as
    `builtin/NAME`). `markdown`: values printed are HTML-escaped (`markdown_escape`)."""
    builtin = PackageLoader("backtofront", "templates")
    loaders: list[BaseLoader] = []
    if template_dir is not None:
        folder = Path(template_dir)
        if not folder.is_dir():
            raise InputError("is not a folder of templates", source=str(folder))
        loaders.append(UserLoader(folder))
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = BoundedSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "xml"), default=False),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        finalize=markdown_escape if markdown else None)
    env.globals["template_folders"] = searched(template_dir)
    env.filters["cell"] = markdown_cell
    return env


def docx_environment() -> BoundedSandbox:
    """The environment docxtpl renders Word templates with (sandboxed and bounded: a council's template
    is data); printed text loses the characters XML cannot hold (`xml_text`)."""
    return BoundedSandbox(undefined=StrictUndefined, finalize=xml_text)


def searched(template_dir: str | Path | None) -> list[str]:
    folders = [str(template_dir)] if template_dir else []
    return folders + ["(built-in) backtofront/templates"]


def render(name: str, template_dir: str | Path | None = None, **context) -> str:
    """Render template `name` (user's folder first); InputError naming the file and line for any
    problem in a user's template (exit code 2)."""
    env = environment(template_dir, markdown=name.endswith(".md.j2"))
    try:
        template = env.get_template(name)
        with time_limit(env):
            return template.render(**context)
    except TemplateNotFound as exc:
        if exc.name == name:
            raise InputError(f"template {name!r} not found; searched: {', '.join(searched(template_dir))}") from None
        raise problem(exc, template_dir, name) from None
    except InputError:
        raise
    except Exception as exc:
        if template_dir is None and not isinstance(exc, TemplateLimit):
            raise  # a built-in template failing is a bug
        raise problem(exc, template_dir, name) from None


def _template_frame(exc: BaseException, template_dir: str | Path | None) -> tuple[str, int] | None:
    """The innermost template file and line in the exception's traceback (Jinja rewrites tracebacks so
    that template frames carry the template's file name and line)."""
    folder = os.path.realpath(template_dir) if template_dir else None
    user = other = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if folder and os.path.realpath(filename).startswith(folder + os.sep):
            user = (filename, tb.tb_lineno)
        elif filename.endswith(".j2") or filename == "<template>":
            other = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return user or other


def problem(exc: BaseException, template_dir: str | Path | None, name: str) -> InputError:
    """One InputError naming the template file and line for a failure while loading or rendering."""
    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or exc.name or name
        return InputError(f"line {exc.lineno}: template syntax error: {loading.cut(exc.message or '', 200)}",
                          source=where)
    frame = _template_frame(exc, template_dir)
    where, line = frame if frame else (str(Path(template_dir) / name) if template_dir else name, None)
    at = f"line {line}: " if line else ""
    if isinstance(exc, TemplateNotFound):
        text = f"includes or extends {exc.name!r}, which is not found; searched: {', '.join(searched(template_dir))}"
    elif isinstance(exc, RecursionError):
        text = "the template includes or extends itself (directly or through another template)"
    elif isinstance(exc, TemplateLimit):
        text = str(exc)
    elif isinstance(exc, SecurityError):
        text = f"not allowed in a template: {loading.cut(str(exc), 200)}"
    elif isinstance(exc, TemplateError):
        text = loading.cut(exc.message or str(exc), 200)
    else:
        text = f"{loading.cut(str(exc), 200) or type(exc).__name__}"
    text = re.sub(r"'(?:\w+\.)+(\w+) object'", lambda m: m.group(1).lower(), text)  # no Python class paths
    return InputError(at + text, source=where)


def docx_problem(exc: BaseException, source: str | Path | None) -> InputError:
    """A failure in a Word template as one message: docxtpl puts each paragraph of the document on a line
    of its own after the first, so a template line is a paragraph number, and its text is shown."""
    err = problem(exc, None, "letter.docx")
    text = err.problems[0].removeprefix("letter.docx: ")
    if m := re.match(r"line (\d+): ", text):
        line = int(m.group(1))
        context = list(getattr(exc, "docx_context", None) or [])
        index = line - 1 - max(line - 4, 0)
        near = context[index].strip() if 0 <= index < len(context) else ""
        quoted = f" (“{loading.cut(near, 60)}”)" if near else ""
        text = f"paragraph {max(line - 1, 1)}{quoted}: {text[m.end():]}"
    return InputError(text, source=str(source or "letter.docx"))
