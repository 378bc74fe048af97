"""Turning pydantic validation errors into one short line each: file, key path, bad value, valid
choices and a "did you mean" where one is close."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError


def did_you_mean(value: Any, choices: list[str]) -> str | None:
    if not isinstance(value, str) or not choices:
        return None
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an Optional/Union annotation, or the annotation itself."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [a for a in get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    return [annotation]


def _step(annotation: Any, key: Any) -> Any | None:
    """The annotation found one step down a validation location."""
    for alt in _unwrap(annotation):
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            if isinstance(key, str) and key in alt.model_fields:
                return alt.model_fields[key].annotation
        origin = get_origin(alt)
        if origin in (list, tuple, set) and isinstance(key, int):
            return get_args(alt)[0]
        if origin is dict:
            return get_args(alt)[1]
    return None


def choices_for(annotation: Any) -> list[str]:
    """The literal values or field names an annotation allows."""
    out: list[str] = []
    for alt in _unwrap(annotation):
        if get_origin(alt) is Literal:
            out.extend(str(a) for a in get_args(alt))
        elif isinstance(alt, type) and issubclass(alt, BaseModel):
            out.extend(alt.model_fields)
    return out


def describe(model: type[BaseModel], error: ValidationError) -> list[str]:
    """One message per problem, each starting with the key path."""
    lines: dict[str, tuple[int, str]] = {}
    for err in error.errors():
        loc = err["loc"]
        # pydantic adds the union member or function name to the location; drop what is not a key.
        path: list[Any] = []
        annotation: Any = model
        for key in loc:
            nxt = _step(annotation, key)
            if nxt is None and err["type"] != "extra_forbidden":
                continue
            path.append(key)
            if nxt is not None:
                annotation = nxt
        where = ".".join(str(p) for p in path) or "(top level)"
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            # the unknown key is the last location item; choices are the parent's fields
            parent: Any = model
            for key in path[:-1]:
                parent = _step(parent, key) or parent
            choices = choices_for(parent)
            bad = path[-1] if path else value
            msg = f"{where}: unknown key {bad!r}; valid keys: {', '.join(choices)}"
            hint = did_you_mean(bad, choices)
        elif kind == "literal_error":
            choices = choices_for(annotation)
            msg = f"{where}: {value!r} is not valid; choose one of {', '.join(choices)}"
            hint = did_you_mean(value, choices)
        elif kind == "missing":
            msg, hint = f"{where}: required key is missing", None
        else:
            shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
            msg, hint = f"{where}: {shown}: {err['msg']}", None
        if hint:
            msg += f" (did you mean {hint!r}?)"
        # A union (a stage, or {stage: ..., evidence: ...}) fails once per member: keep the message that
        # names the choices.
        rank = 0 if kind in ("literal_error", "extra_forbidden", "missing") else 1
        if where not in lines or rank < lines[where][0]:
            lines[where] = (rank, msg)
    return [msg for _, msg in lines.values()]
