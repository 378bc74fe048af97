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
import functools
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
from jinja2 import filters as jinja_filters
from jinja2 import pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, Context, TemplateReference, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from .plain import markdown_cell

MAX_OUTPUT_CHARS = 5_000_000   # a letter is some tens of kilobytes
MAX_TEMPLATE_BYTES = 1_000_000
MAX_DOCX_BYTES = 20_000_000
MAX_DOCX_UNPACKED = 100_000_000  # a Word template's parts, uncompressed; a letterhead is a few megabytes
MAX_DOCX_PARTS = 1_000           # files inside it; Word writes some twenty
TIME_LIMIT_S = 10.0
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


class TemplateLimit(SecurityError):
    """A template went past the output size or time limit."""


# What opens Markdown structure at the start of a line (after any indent: inside a list item a deeper one
# still opens a list): a heading, a code fence, a list item (bullet or number), a block quote, a setext
# underline or a thematic break.
_MD_LINE_START = re.compile(
    r"^([ \t]*)(#{1,6}(?=[ \t]|$)|`{3,}|~{3,}|[-+*](?=[ \t]|$)|(\d{1,9})([.)])(?=[ \t]|$)|>|=+[ \t]*$|-+[ "
    r"\t]*$|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)", re.M)
_MD_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")   # a blank line, which would end the paragraph or list item
_MD_LINK = re.compile(r"\]\s*[(\[:]|!\[|\[\s*\^")


def _line_start(m: re.Match) -> str:
    if m.group(3):  # "1. " or "1) ": the punctuation is what makes the list
        return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"
    return f"{m.group(1)}\\{m.group(2)}"


def markdown_text(text: str) -> str:
    """Text as Markdown shows it and nothing more: the one place text printed into Markdown is escaped.
    Every backslash gets a backslash of its own first, so the user's `\\` prints as written and never
    escapes what follows it; every backtick gets one, so it cannot open a code span. It cannot open an
    HTML tag or spell an entity (`<script>` becomes `&lt;script>`; `&amp;` becomes `&amp;amp;`); at the
    start of any of its lines it cannot open a heading, a code fence, a list item, a block quote or a
    thematic break (a backslash goes before `#`, a fence, `-`, `+`, `*`, `1.`'s point, `>`); a blank line
    in it (which would end the paragraph, the list item or the table row it is printed in, and start a
    block of its own) becomes one line break; and its brackets cannot make a link, an image or a footnote
    (`[x](javascript:…)` and `![](https://…)` print as written, with `\\[` and `\\]`). `&` and `>` inside
    ordinary text, and brackets that make no link, stay as they are. Every `|` gets a backslash, so no
    line of it can make or end a table row (a table cell's `cell` filter only puts the cell on one line);
    so does every `*` and `_`, so it cannot make emphasis ("*Bold* _council_" prints as written), every `~`
    (no strikethrough) and every `$` (no mathematics where a reader renders `$$x$$`). Markdown
    the product builds itself is passed as Markup and never comes here. Not idempotent: text is escaped
    once, where it is printed."""
    text = text.replace("\\", "\\\\").replace("`", "\\`")
    text = _MD_BLANK_LINES.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
    text = text.replace("|", "\\|")
    text = re.sub(r"[*_~$]", r"\\\g<0>", text)
    text = _MD_LINE_START.sub(_line_start, text)
    if _MD_LINK.search(text):
        text = text.replace("[", "\\[").replace("]", "\\]")
    return text


def markdown_escape(value: Any) -> Any:
    """Markdown templates' finalize: every text a template prints goes through `markdown_text` (Markup,
    the template's own markup, does not)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return markdown_text(value)
    return value


class MarkdownMarkup(Markup):
    """Markdown that is ready to print (a Markdown template's own text, values it escaped): text joined to
    it (`+`, `%`, `|format`, `|join`, `~`) is escaped for Markdown (`markdown_text`) as printed text is, not
    for HTML as Markup escapes it, which would let a profile's `[link](...)` or `*emphasis*` through."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> MarkdownMarkup:
        if isinstance(s, cls):
            return s
        if hasattr(s, "__html__"):   # the product's own Markdown, or Markup a template made
            return cls(s.__html__())
        return cls(markdown_text(str(s)))


def markdown_filter(value: Any) -> Markup:
    """`|e` (and `|escape`, `|forceescape`) in a Markdown template: the value as `markdown_text` prints it,
    marked as done so that it is not escaped twice; Markup (the template's own) as it is."""
    return MarkdownMarkup.escape(value)


@pass_eval_context
def _markdown_join(eval_ctx, value: Any, d: str = "", attribute: Any = None) -> str:
    """`|join` in a Markdown template: as `_bounded_join`, but items or a separator that are Markup (a
    macro's output, `|e`) give MarkdownMarkup, the other items escaped for Markdown once, instead of plain
    text that printing would escape a second time."""
    items = list(value)
    shown = _join_bound(eval_ctx, items, d, attribute)
    if hasattr(d, "__html__") or any(hasattr(v, "__html__") for v in shown):
        return MarkdownMarkup.escape(d).join(shown)
    return jinja_filters.sync_do_join(eval_ctx, items, d, attribute)


@pass_eval_context
def _markdown_replace(eval_ctx, s: Any, old: Any, new: Any, count: int | None = None) -> str:
    """`|replace` in a Markdown template: on the template's own Markdown (Markup), the replacement is
    escaped for Markdown once, as printed text is, and the Markdown kept; otherwise as `_bounded_replace`."""
    _replace_bound(eval_ctx, s, old, new, count)
    if hasattr(s, "__html__"):
        return MarkdownMarkup(s).replace(old, new, count if isinstance(count, int) else -1)
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


@pass_eval_context
def _markdown_tojson(eval_ctx, value: Any, indent: int | None = None) -> str:
    """`|tojson` in a Markdown template: the JSON as text, printed escaped for Markdown like any text (Jinja
    marks it safe for HTML, which would let a link or emphasis in it through)."""
    return str(jinja_filters.do_tojson(eval_ctx, value, indent))


def _markdown_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> str:
    """`|indent` in a Markdown template: an indent of text (not a number) is escaped for Markdown when it
    is not the template's own Markup, as printed text is (Jinja marks it Markup unescaped)."""
    if isinstance(width, str) and not hasattr(width, "__html__"):
        width = MarkdownMarkup.escape(width) if hasattr(s, "__html__") else width
    return _bounded_indent(s, width, first, blank)


def xml_text(value: Any) -> Any:
    """Word templates' finalize: text without the characters XML 1.0 cannot hold (control characters,
    surrogates), which would make docxtpl's XML repair drop every escaped `<`, `>` and `&`."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    return value


def _too_long(length: int, what: str = "makes a text") -> None:
    if length > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"the template {what} longer than {MAX_OUTPUT_CHARS:,} characters")


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str) else len(str(value))


# Escaping can make a text longer: `"` becomes `&#34;` (five characters for one).
_ESCAPE_GROWTH = 5

_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_NUMBER = re.compile(r"\d+")


def _printf_bound(template: str, args: tuple, kwargs: dict) -> int:
    """At most how long `template % args` is: the template, every argument as text, and every width and
    precision (a `*` takes its number from the arguments), plus room for a float's digits."""
    values = list(args) + list(kwargs.values())
    total = len(template) + sum(_length(v) for v in values)
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    for m in _PRINTF_FIELD.finditer(template):
        for part in (m.group(1), m.group(2)):
            if part == "*":
                total += max((abs(n) for n in numbers), default=0)
            elif part:
                total += int(part)
        total += 400  # the digits of a float as large as 1e308
    return total


def _format_bound(template: str, args: tuple, kwargs: dict) -> int:
    """At most how long `template.format(*args, **kwargs)` is: the template, every argument as text (each as
    often as fields name it), and every number in a format spec; a spec that takes its width from an
    argument (`{:{w}}`) counts every whole-number argument as a possible width."""
    import string

    values = list(args) + list(kwargs.values())
    longest = max((_length(v) for v in values), default=0)
    total = len(template)
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return total  # str.format raises the same error
    for _literal, field, spec, _conversion in fields:
        if field is None:
            continue
        total += longest + 400
        if spec:
            total += sum(int(n) for n in _NUMBER.findall(spec))
            if "{" in spec:
                total += sum(abs(v) for v in values if isinstance(v, int) and not isinstance(v, bool))
    return total


def _bounded_center(value: Any, width: int = 80) -> str:
    _too_long(max(_length(value), width if isinstance(width, int) else 0))
    return jinja_filters.do_center(value, width)


def _bounded_format(value: Any, *args: Any, **kwargs: Any) -> str:
    _too_long(_printf_bound(str(value), args, kwargs))
    return jinja_filters.do_format(value, *args, **kwargs)


def _replace_length(text: str, old: str, new: str, count: int | None) -> int:
    times = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


@pass_eval_context
def _bounded_replace(eval_ctx, s: Any, old: Any, new: Any, count: int | None = None) -> str:
    _replace_bound(eval_ctx, s, old, new, count)
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


def _replace_bound(eval_ctx, s: Any, old: Any, new: Any, count: int | None) -> None:
    """TemplateLimit before `|replace` builds a text longer than MAX_OUTPUT_CHARS."""
    grow = _ESCAPE_GROWTH if eval_ctx.autoescape else 1
    _too_long(_replace_length(str(s), str(old), str(new) * grow, count if isinstance(count, int) else None))


@pass_eval_context
def _bounded_join(eval_ctx, value: Any, d: str = "", attribute: Any = None) -> str:
    items = list(value)
    _join_bound(eval_ctx, items, d, attribute)
    return jinja_filters.sync_do_join(eval_ctx, items, d, attribute)


def _join_bound(eval_ctx, items: list, d: Any, attribute: Any) -> list:
    """The items `|join` joins (each one's `attribute` where given); TemplateLimit before the join would
    build a text longer than MAX_OUTPUT_CHARS."""
    shown_items = items
    if attribute is not None:
        shown_items = list(map(jinja_filters.make_attrgetter(eval_ctx.environment, attribute), items))
    grow = _ESCAPE_GROWTH if eval_ctx.autoescape else 1
    _too_long(grow * (sum(_length(v) for v in shown_items) + max(len(shown_items) - 1, 0) * _length(d)))
    return shown_items


def _bounded_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> str:
    pad = width if isinstance(width, str) else " " * width if isinstance(width,
                                                                         int) and width < MAX_OUTPUT_CHARS \
        else None
    lines = str(s).count("\n") + 1
    _too_long(_length(s) + lines * (len(pad) if pad is not None else MAX_OUTPUT_CHARS + 1))
    return jinja_filters.do_indent(s, width, first, blank)


@pass_environment
def _bounded_wordwrap(environment, s: Any, width: int = 79, break_long_words: bool = True,
                      wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
    text = str(s)
    wrap = environment.newline_sequence if wrapstring is None else str(wrapstring)
    breaks = sum(1 for ch in text if ch.isspace() or ch == "-") + len(text) // max(int(width), 1) + 1 \
        if isinstance(width, int) else len(text) + 1
    _too_long(len(text) + breaks * len(wrap))
    return jinja_filters.do_wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)


BOUNDED_FILTERS = {"center": _bounded_center, "format": _bounded_format, "replace": _bounded_replace,
                   "join": _bounded_join, "indent": _bounded_indent, "wordwrap": _bounded_wordwrap}

# The methods of str a template can call that build a text longer than their inputs, each with the
# length of its result, computed before it is built.
_STR_METHODS = {
    "center": lambda s, width=0, *_: max(len(s), width if isinstance(width, int) else 0),
    "ljust": lambda s, width=0, *_: max(len(s), width if isinstance(width, int) else 0),
    "rjust": lambda s, width=0, *_: max(len(s), width if isinstance(width, int) else 0),
    "zfill": lambda s, width=0, *_: max(len(s), width if isinstance(width, int) else 0),
    "expandtabs": lambda s, tabsize=8, *_: len(s) + s.count("\t")
    * max(tabsize if isinstance(tabsize, int) else 8, 0),
    "replace": lambda s, old="", new="", count=-1, *_: _replace_length(s, str(old), str(new),
                                                                        count if isinstance(count, int)
                                                                       else None),
    "join": lambda s, items=(), *_: (sum(_length(v) for v in items) + max(len(items) - 1, 0) * len(s))
    if isinstance(items, (list, tuple)) else 0,
}


# What Jinja's compiled code says where a captured output becomes Markup only under autoescape: a `{% set %}`
# block, a macro's or a `{% call %}` block's output, `self.block()`. Markdown templates run without
# autoescape (markdown_escape escapes what they print), so their captured output, made of the template's own
# Markdown and values escaped already, is marked Markup here instead, or printing it escapes it twice.
_IF_AUTOESCAPE = "(Markup if context.eval_ctx.autoescape else identity)("
_MACRO_RETURN = re.compile(r"return concat\((\w+)\)")
_CALL_OUTPUT = re.compile(r"\(Markup\(concat\((\w+)\)\) if context\.eval_ctx\.autoescape else concat\(\1\)\)")
_SELF = re.compile(r"(\w+) = TemplateReference\(context\)")
_CAPTURED = re.compile(r"concat\((t_\d+)\)")   # a filter block's body, as the filter gets it


class BoundedCodeGenerator(CodeGenerator):
    """Compiles `~` (string concatenation) to the sandbox's bounded join instead of Jinja's own, which
    the sandbox never sees; in a Markdown template, captured output is Markup (see _IF_AUTOESCAPE). Only
    the exact pieces of code Jinja writes are changed, never a template's own text."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")

    def write(self, x: str) -> None:
        if self.environment.context_class is MarkdownContext:
            if x.startswith(_IF_AUTOESCAPE):
                x = "environment.markup_class(" + x[len(_IF_AUTOESCAPE):]
            elif x == " = " + _IF_AUTOESCAPE:
                x = " = environment.markup_class("
            elif m := _MACRO_RETURN.fullmatch(x):
                x = f"return environment.markup_class(concat({m.group(1)}))"
            elif m := _CALL_OUTPUT.fullmatch(x):
                x = f"environment.markup_class(concat({m.group(1)}))"
            elif m := _SELF.fullmatch(x):
                x = f"{m.group(1)} = environment.markdown_self(context)"
            elif m := _CAPTURED.fullmatch(x):
                x = f"environment.markup_class(concat({m.group(1)}))"
        super().write(x)

    def visit_FilterBlock(self, node, frame) -> None:
        """`{% filter %}...{% endfilter %}`: Jinja writes the filter's result as it is, never through the
        finalize that escapes what `{{ }}` prints; in a Markdown template it goes through markdown_out."""
        if self.environment.context_class is not MarkdownContext:
            super().visit_FilterBlock(node, frame)
            return
        filter_frame = frame.inner()
        filter_frame.symbols.analyze_node(node)
        self.enter_frame(filter_frame)
        self.buffer(filter_frame)
        self.blockvisit(node.body, filter_frame)
        self.start_write(frame, node)
        self.write("environment.markdown_out(")
        self.visit_Filter(node.filter, filter_frame)
        self.write(")")
        self.end_write(frame)
        self.leave_frame(filter_frame)


class _BlockOutput(BlockReference):
    """A parent block's output (`{{ super() }}`) in a Markdown template: the built-in template's own
    Markdown, whose printed values it escaped already, so Markup, not text for `markdown_escape`."""

    def __call__(self) -> str:
        return MarkdownMarkup(super().__call__())


class _MarkdownSelf(TemplateReference):
    """`self` in a Markdown template: `{{ self.summary() }}` gives the block's output as Markup, as
    `super()` does (`_BlockOutput`)."""

    def __getitem__(self, name: str) -> Any:
        found = super().__getitem__(name)
        return _BlockOutput(found.name, found._context, found._stack, found._depth)


class MarkdownContext(Context):
    """The render context of Markdown templates: `super()` gives the parent block as Markup (`_BlockOutput`),
    so a letterhead that keeps the built-in one (`{{ super() }}`) keeps its `**From:**` bold."""

    def super(self, name: str, current: Any) -> Any:
        found = super().super(name, current)
        if isinstance(found, BlockReference):
            return _BlockOutput(found.name, found._context, found._stack, found._depth)
        return found


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with limits, each checked before the text is built: a text made by `*`, `+` or `~`, or
    by the filters center, format, replace, join, indent and wordwrap (or the str methods that pad,
    replace or join) longer than MAX_OUTPUT_CHARS, a huge power, an output longer than MAX_OUTPUT_CHARS
    or a render longer than TIME_LIMIT_S raises TemplateLimit."""

    intercepted_binops = frozenset({"*", "**", "+"})
    code_generator_class = BoundedCodeGenerator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline: float | None = None
        self.concat = self._bounded_concat
        self.filters.update(BOUNDED_FILTERS)

    @staticmethod
    def markdown_out(value: Any) -> Any:
        """A filter block's result in a Markdown template, as `{{ }}` would print it (markdown_escape)."""
        return markdown_escape(value)

    def markdown_self(self, context: Context) -> TemplateReference:
        """`self` in a Markdown template (see BoundedCodeGenerator.write)."""
        return _MarkdownSelf(context)

    def _tick(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TemplateLimit("the template ran for longer than the time limit")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n,
                                                                      int) and len(
                                                                          seq) * n > MAX_OUTPUT_CHARS:
                    raise TemplateLimit(f"the template makes a text longer than {MAX_OUTPUT_CHARS:,} "
                                        "characters")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _too_long(len(left) + len(right))
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
            raise TemplateLimit("the template raises a number to a power above 1000")
        return super().call_binop(context, operator, left, right)

    def call(self, context, obj, /, *args, **kwargs):
        self._tick()
        owner = getattr(obj, "__self__", None)
        # Jinja passes its own _loop_vars and _block_vars inside loops and blocks
        if isinstance(owner, str) and not set(kwargs) - {"_loop_vars", "_block_vars"}:
            if (length := _STR_METHODS.get(getattr(obj, "__name__", ""))) is not None:
                _too_long(length(owner, *args))
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any):
        """`str.format` and `format_map`, sandboxed as Jinja does, with the result's length checked first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner, is_map = value.__self__, value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            mapping = args[0] if is_map and args and isinstance(args[0], dict) else kwargs
            _too_long(_format_bound(owner, () if is_map else args, mapping))
            return wrapped(*args, **kwargs)
        return bounded

    markup_class: type[Markup] = Markup   # what a template's captured output is (MarkdownMarkup for Markdown)

    def bounded_concat(self, parts: Iterable[Any], autoescape: bool) -> str:
        """`~`: the parts as text, joined only when the result fits in MAX_OUTPUT_CHARS. In a Markdown
        template, a part that is Markup makes the whole MarkdownMarkup, the other parts escaped once."""
        parts = list(parts)
        grow = _ESCAPE_GROWTH if autoescape else 1
        _too_long(grow * sum(_length(p) for p in parts))
        if self.markup_class is MarkdownMarkup and any(hasattr(p, "__html__") for p in parts):
            return MarkdownMarkup("").join(parts)
        return markup_join(parts) if autoescape else str_join(parts)

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
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        if not os.path.isfile(path):   # a folder, a FIFO, a device or a link to nothing: never passed over
            raise InputError("is not a template file (a folder, a device, a pipe or a link to nothing); "
                             "move it, or give a template file of that name", source=path)
        raw = loading.read_bytes(path, limit=MAX_TEMPLATE_BYTES, what="template")
        text = loading.decode(raw, path, "template", "a text template")
        mtime = os.path.getmtime(path)
        return text, path, lambda: os.path.isfile(path) and os.path.getmtime(path) == mtime


def environment(template_dir: str | Path | None = None, *, markdown: bool = False,
                html: bool = False) -> BoundedSandbox:
    """The environment for letters and reports: the user's folder first, then the built-ins (also as
    `builtin/NAME`). `markdown`: values printed are HTML-escaped (`markdown_escape`). The built-ins' own
    environment is made once a process, so each built-in template is compiled once (a letter's takes a
    tenth of a second); a user's folder gets a new one each time, read afresh. `html`: every value printed
    is HTML-escaped, in every template the document is made of (autoescape on)."""
    if template_dir is None:
        return _builtin_environment(markdown, html)
    return _environment(template_dir, markdown=markdown, html=html)


@functools.lru_cache(maxsize=4)
def _builtin_environment(markdown: bool, html: bool) -> BoundedSandbox:
    return _environment(None, markdown=markdown, html=html)


def _environment(template_dir: str | Path | None, *, markdown: bool, html: bool = False) -> BoundedSandbox:
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
        # an HTML document escapes everything it prints, whatever a part of it is named (a user's
        # `{% include "header.j2" %}`, a `{% extends "builtin/letter.md.j2" %}`); Markdown never HTML-escapes
        # twice (markdown_escape does it); anything else by its extension
        autoescape=True if html else False if markdown else
        select_autoescape(enabled_extensions=("html", "html.j2", "xml"), default=False),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        finalize=markdown_escape if markdown else None)
    if markdown:
        env.context_class = MarkdownContext
        env.markup_class = MarkdownMarkup
        env.filters.update({"join": _markdown_join, "replace": _markdown_replace, "indent": _markdown_indent,
                            "tojson": _markdown_tojson})
        # `|e`, out of habit from HTML, escapes for Markdown too: HTML's escape alone would let a link through
        env.filters.update({name: markdown_filter for name in ("e", "escape", "forceescape")})
    env.globals["template_folders"] = searched(template_dir)
    env.filters["cell"] = markdown_cell
    from backtofront.classifier.rules import counted, in_words

    env.filters["counted"] = counted   # 2, "move" -> "two moves"
    env.filters["words"] = in_words    # 2 -> "two" (numerals above ten)
    return env


def docx_environment() -> BoundedSandbox:
    """The environment docxtpl renders Word templates with (sandboxed and bounded: a council's template
    is data); printed text loses the characters XML cannot hold (`xml_text`)."""
    return BoundedSandbox(undefined=StrictUndefined, finalize=xml_text)


def check_docx(data: bytes, source: str) -> None:
    """Refuse a Word template that would expand beyond its size before docxtpl opens it: more than
    MAX_DOCX_PARTS parts, more than MAX_DOCX_UNPACKED bytes uncompressed (a zip bomb), or an XML part with
    a document type declaration or entities (entity expansion, external entities: defusedxml). InputError
    (exit code 2) naming the file; a file that is not a zip archive is left to docxtpl's own message."""
    import io
    import zipfile

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_DOCX_PARTS:
            raise InputError(f"holds {len(parts):,} files; a Word template holds some tens (at most "
                             f"{MAX_DOCX_PARTS:,})", source=source)
        unpacked = sum(p.file_size for p in parts)
        if unpacked > MAX_DOCX_UNPACKED:
            raise InputError(f"unpacks to {unpacked:,} bytes, more than {MAX_DOCX_UNPACKED:,}; is it really "
                             "a Word letterhead?", source=source)
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                fromstring(archive.read(part), forbid_dtd=True, forbid_entities=True, forbid_external=True)
            except DefusedXmlException:
                raise InputError(f"its part {loading.shown(part.filename)} declares a document type or "
                                 "entities (which can expand without bound); Word never writes them: save "
                                 "the template again from Word", source=source) from None
            except Exception:  # noqa: BLE001 - broken XML or a bad archive member: docxtpl says what
                continue


def searched(template_dir: str | Path | None) -> list[str]:
    folders = [str(template_dir)] if template_dir else []
    return folders + ["(built-in) backtofront/templates"]


def render(name: str, template_dir: str | Path | None = None, **context) -> str:
    """Render template `name` (user's folder first); InputError naming the file and line for any
    problem in a user's template (exit code 2). A user's template renders in a forked child bounded in
    memory as well as time (render/bounded.py)."""
    if template_dir is not None:
        from . import bounded

        return bounded.in_child(lambda: _render(name, template_dir, context),
                                source=str(Path(template_dir) / name))
    return _render(name, None, context)


def unknown_block(env: BoundedSandbox, name: str) -> InputError | None:
    """For a template `name` that extends another (`{% extends "builtin/letter.md.j2" %}`), an InputError
    naming the first block it defines at its top level that no template it extends has: Jinja would leave
    such a block out without a word (a misspelt `letterhed`). None when every block is known, or the
    template extends none (or a name worked out at render time)."""
    from jinja2 import nodes

    source, filename, _ = env.loader.get_source(env, name)   # type: ignore[union-attr]
    tree = env.parse(source, name, filename)
    own = [node for node in tree.body if isinstance(node, nodes.Block)]
    known: set[str] = set()
    chain: list[str] = []
    parent_node = next(iter(tree.find_all(nodes.Extends)), None)
    while parent_node is not None and isinstance(parent_node.template, nodes.Const) and len(chain) < 10:
        parent = str(parent_node.template.value)
        chain.append(parent)
        parent_source = env.loader.get_source(env, parent)[0]   # type: ignore[union-attr]
        parent_tree = env.parse(parent_source, parent)
        known |= {block.name for block in parent_tree.find_all(nodes.Block)}
        parent_node = next(iter(parent_tree.find_all(nodes.Extends)), None)
    if not chain or len(chain) != len(set(chain)):
        return None
    for block in own:
        if block.name not in known:
            return InputError(f"line {block.lineno}: block {block.name!r} is not a block of {chain[0]}, so "
                              f"it would be left out; its blocks: {', '.join(sorted(known))}",
                              source=filename or name)
    return None


def check(name: str, template_dir: str | Path) -> None:
    """Load the user's template `name` from `template_dir` (and what it extends, includes or imports as it
    is compiled), and check its blocks (`unknown_block`), without rendering it: InputError (exit 2) naming
    the file and line for what would fail every render alike, so that `batch --letters` says it once,
    before any council. Nothing when the folder has no such file (the built-in one is used)."""
    if not (Path(template_dir) / name).is_file():
        return
    env = _environment_for(name, template_dir)
    try:
        _loaded(env, name, template_dir)
    except InputError:
        raise
    except Exception as exc:
        raise problem(exc, template_dir, name) from None


def _environment_for(name: str, template_dir: str | Path | None) -> BoundedSandbox:
    """The environment a template `name` renders in, by the document's format: Markdown (`.md.j2`), HTML
    (`.html.j2`, everything escaped) or other."""
    return environment(template_dir, markdown=name.endswith(".md.j2"), html=name.endswith(".html.j2"))


def _loaded(env: BoundedSandbox, name: str, template_dir: str | Path | None) -> Any:
    """Template `name` compiled in `env`; from a user's folder, its blocks checked (`unknown_block`)."""
    template = env.get_template(name)
    if template_dir is not None and (unknown := unknown_block(env, name)) is not None:
        raise unknown
    return template


def _render(name: str, template_dir: str | Path | None, context: dict[str, Any]) -> str:
    env = _environment_for(name, template_dir)
    try:
        template = _loaded(env, name, template_dir)
        with time_limit(env):
            return template.render(**context)
    except TemplateNotFound as exc:
        if exc.name == name:
            raise InputError(
                f"template {name!r} not found; searched: {', '.join(searched(template_dir))}") from None
        raise problem(exc, template_dir, name) from None
    except (InputError, MemoryError):  # a MemoryError: the bounded child says what it means
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
        text = (f"includes or extends {exc.name!r}, which is not found; searched: "
                f"{', '.join(searched(template_dir))}")
    elif isinstance(exc, RecursionError):
        text = ("the template includes or extends itself (directly or through another template), or a "
                "macro calls itself without end")
        text += _builtin_hint(where)
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


def _builtin_hint(path: str) -> str:
    """For a user template that names its own file in an extends or include (`{% extends "letter.md.j2" %}`
    in letter.md.j2, meaning the built-in one): how to reach the built-in of that name; "" otherwise."""
    from backtofront.classifier.knowledge import package_folder

    own = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        builtin = (package_folder("templates") / own).is_file()
    except OSError:
        return ""
    m = re.search(r"\{%-?\s*(extends|include)\s+([\"'])" + re.escape(own) + r"\2", text)
    if builtin and m:
        return f'; to use the built-in {own}, write {{% {m.group(1)} "builtin/{own}" %}}'
    return ""


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
