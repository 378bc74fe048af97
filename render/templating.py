"""The Jinja environment for output templates.

Built-in templates live in templates/ inside the package. A user's folder (--template-dir) comes first,
so a council can replace a template; the built-ins stay reachable as `builtin/NAME` so a user template
can extend one. User templates run in Jinja's sandbox."""

from __future__ import annotations

from pathlib import Path

from backtofront.classifier.errors import InputError
from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from .plain import markdown_cell


def environment(template_dir: str | Path | None = None) -> SandboxedEnvironment:
    builtin = PackageLoader("backtofront", "templates")
    loaders = []
    if template_dir is not None:
        folder = Path(template_dir)
        if not folder.is_dir():
            raise InputError("is not a folder of templates", source=str(folder))
        loaders.append(FileSystemLoader(str(folder)))
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "xml"), default=False),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["template_folders"] = searched(template_dir)
    env.filters["cell"] = markdown_cell
    return env


def docx_environment() -> SandboxedEnvironment:
    """The environment docxtpl renders Word templates with (sandboxed: a council's template is data)."""
    return SandboxedEnvironment(undefined=StrictUndefined)


def searched(template_dir: str | Path | None) -> list[str]:
    folders = [str(template_dir)] if template_dir else []
    return folders + ["(built-in) backtofront/templates"]


def render(name: str, template_dir: str | Path | None = None, **context) -> str:
    env = environment(template_dir)
    try:
        template = env.get_template(name)
    except TemplateNotFound as exc:
        raise InputError(f"template {exc.name!r} not found; searched: {', '.join(searched(template_dir))}") from None
    return template.render(**context)
