"""Validating plain data (parsed YAML or JSON) into typed msgspec Structs, with one short message per
problem: the key path, the bad value, the valid choices and a "did you mean" where one is close."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import msgspec
import yaml

from .errors import MAX_PROBLEMS
from .loading import cut, kind, shown

T = TypeVar("T")
_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)  # paths never hold a backtick
_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """YAML through the safe loader (the C one where PyYAML has it)."""
    return yaml.load(text, Loader=SafeLoader)


class Invalid(ValueError):
    """Data that does not fit its type; `problem` is one line that starts with the key path."""

    def __init__(self, problem: str):
        self.problem = problem
        super().__init__(problem)


def did_you_mean(value: Any, choices: list[str]) -> str | None:
    if not isinstance(value, str) or not choices:
        return None
    import difflib  # only on the error path: not worth its import at every start

    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def guess(value: Any, choices: list[str]) -> str:
    """" (did you mean 'district'?)" for the choice closest to `value` (`did_you_mean`), "" for none."""
    hint = did_you_mean(value, choices)
    return f" (did you mean {hint!r}?)" if hint else ""


def _unwrap(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [a for alt in get_args(annotation) if alt is not type(None) for a in _unwrap(alt)]
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    return [annotation]


def _is_struct(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct)


def _hints(tp: type) -> dict[str, Any]:
    return typing.get_type_hints(tp, include_extras=True)


def _step(annotation: Any, key: str | int) -> Any | None:
    for alt in _unwrap(annotation):
        if _is_struct(alt) and isinstance(key, str) and key in alt.__struct_fields__:
            return _hints(alt)[key]
        origin = get_origin(alt)
        if origin in (list, tuple, set, frozenset) and isinstance(key, int):
            return get_args(alt)[0]
        if origin is dict and isinstance(key, str):
            return get_args(alt)[1]
    return None


def _meta_description(annotation: Any) -> str | None:
    """The description of the first msgspec.Meta in `annotation` (inside Annotated, through unions), or
    None."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        for extra in get_args(annotation)[1:]:
            if isinstance(extra, msgspec.Meta) and extra.description:
                return extra.description
        return _meta_description(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return next(filter(None, map(_meta_description, get_args(annotation))), None)
    return None


def _literals(annotation: Any) -> list[str]:
    return [str(v) for alt in _unwrap(annotation) if get_origin(alt) is Literal for v in get_args(alt)]


def _fields(annotation: Any) -> list[str]:
    return [f for alt in _unwrap(annotation) if _is_struct(alt) for f in alt.__struct_fields__]


def _value_at(data: Any, path: list[str | int]) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def convert(data: Any, tp: type[T]) -> T:
    """Validate `data` into `tp`, or raise Invalid with one message naming path, value and choices."""
    try:
        return msgspec.convert(data, tp, strict=True)
    except msgspec.ValidationError as exc:
        raise Invalid(_describe(tp, data, str(exc))) from None


def every_problem(data: Any, tp: type, limit: int = MAX_PROBLEMS) -> list[str]:
    """Every problem of `data` against `tp`, one line each as `convert` words it, in the order msgspec meets
    them; [] when `data` is valid. msgspec stops at the first problem, so each problem's value is taken out
    of a copy (an unknown key removed, a bad value removed, a required key given a placeholder) and the copy
    checked again, at most `limit` + 1 times; a list item's index stays the one in `data`. When a problem
    cannot be taken out, the problems found so far are returned. More than `limit` problems returned means
    the search stopped there: there may be more, uncounted."""
    import copy

    work = copy.deepcopy(data)
    removed: dict[int, list[int]] = {}  # id of a list in `work` -> indices of `data` taken out of it
    taken: set[tuple] = set()           # the places taken out, as paths in `data`
    out: list[str] = []
    while len(out) <= limit:
        try:
            msgspec.convert(work, tp, strict=True)
            return out
        except msgspec.ValidationError as exc:
            text = str(exc)
        path = _keyed(tp, work, _at(text).group("path") or "")
        missing = re.match(r"Object missing required field `(.+)`", _at(text).group("msg"))
        if missing and (*_original(work, path, removed), missing.group(1)) in taken:
            if not _take_out(work, path, text, tp, removed):  # a required key whose bad value was taken out
                return out
            continue
        problem = _describe(tp, work, text, _original(work, path, removed))
        taken.add(tuple(_original(work, path, removed)))
        if problem in out or not _take_out(work, path, text, tp, removed):
            return out if problem in out else [*out, problem]
        out.append(problem)
    return out


def _at(text: str) -> re.Match[str]:
    """A msgspec ValidationError's message matched by _AT: its `msg`, and its `path` where it gives one."""
    m = _AT.match(text)
    assert m is not None  # the pattern matches every text: the path part is optional
    return m


def _original(work: Any, path: list[str | int], removed: dict[int, list[int]]) -> list[str | int]:
    """`path` in `work` as the same place in the data before items were taken out of its lists."""
    out: list[str | int] = []
    node = work
    for key in path:
        if isinstance(key, int) and isinstance(node, list):
            index = key
            for gone in sorted(removed.get(id(node), [])):
                if gone <= index:
                    index += 1
            out.append(index)
        else:
            out.append(key)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
    return out


def _take_out(work: Any, path: list[str | int], text: str, tp: type, removed: dict[int, list[int]]) -> bool:
    """Take the problem `text` at `path` out of `work` (in place); False when it cannot be."""
    msg = _at(text).group("msg")
    parent = _value_at(work, path[:-1]) if path else None
    target = _value_at(work, path) if path else work
    if unknown := re.match(r"Object contains unknown field `(.+)`", msg, re.DOTALL):
        if not isinstance(target, dict):
            return False
        annotation: Any = tp
        for key in path:
            annotation = _step(annotation, key) or annotation
        fields = _fields(annotation)
        bad = next((k for k in target if k not in fields), unknown.group(1))
        return target.pop(bad, _MISSING) is not _MISSING
    if missing := re.match(r"Object missing required field `(.+)`", msg):
        annotation = tp
        for key in path:
            annotation = _step(annotation, key) or annotation
        field_type = _step(annotation, missing.group(1))
        choices = _literals(field_type) if field_type is not None else []
        if not isinstance(target, dict) or field_type is None:
            return False
        if choices:
            target[missing.group(1)] = choices[0]
        elif str in _unwrap(field_type):
            target[missing.group(1)] = "-"
        elif any(_is_struct(t) for t in _unwrap(field_type)):
            target[missing.group(1)] = {}
        else:
            return False
        return True
    if not path:
        return False
    if isinstance(parent, dict) and path[-1] in parent:
        annotation = tp
        for key in path:
            annotation = _step(annotation, key) or annotation
        choices = _literals(annotation)
        if choices:  # a valid choice in its place, so nothing that needs the key complains as well
            parent[path[-1]] = choices[0]
        else:
            del parent[path[-1]]
        return True
    if isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
        gone = _original(work, path, removed)[-1]
        assert isinstance(gone, int)  # a list item's place in `data`: an index
        del parent[path[-1]]
        removed.setdefault(id(parent), []).append(gone)
        return True
    return False


_MISSING = object()


def _keyed(tp: type, data: Any, raw_path: str) -> list[str | int]:
    """msgspec's path as keys into `data`. A mapping's value is `[...]` in msgspec's path, which does not
    say which key's: the first key whose value does not fit the mapping's value type is taken, so that the
    message names it ("answers.overall: 'maybe' is not valid", never "answers: a mapping is not valid")."""
    path: list[str | int] = []
    annotation: Any = tp
    for i, part in enumerate(raw_path.split("[...]")):
        if i:
            holder, value_type = _value_at(data, path), _step(annotation, "")
            bad = None
            if isinstance(holder, dict) and value_type is not None:
                for key, value in holder.items():
                    try:
                        msgspec.convert(value, value_type, strict=True)
                    except msgspec.ValidationError:
                        bad = key
                        break
            if bad is None:
                return path
            path.append(bad)
            annotation = value_type
        for name, index in _PART.findall(part):
            key = name if name else int(index)
            path.append(key)
            annotation = _step(annotation, key) or annotation
    return path


def _describe(tp: type, data: Any, text: str, shown_path: list[str | int] | None = None) -> str:
    m = _at(text)
    msg, raw_path = m.group("msg"), m.group("path") or ""
    path = _keyed(tp, data, raw_path)
    annotation: Any = tp
    for key in path:
        annotation = _step(annotation, key) or annotation
    where = ".".join(str(p) for p in (path if shown_path is None else shown_path))
    value = _value_at(data, path)
    if unknown := re.match(r"Object contains unknown field `(.+)`", msg, re.DOTALL):
        choices = _fields(annotation)
        # the key as written, from the data (msgspec's message cannot quote a key holding a backtick)
        bad = next((k for k in value if k not in choices), unknown.group(1)) if isinstance(value, dict) \
            else unknown.group(1)
        where = f"{where}.{bad}" if where else bad
        out = f"{where}: unknown key {shown(bad)}; valid keys: {', '.join(choices)}"
        hint = did_you_mean(bad, choices)
    elif msg.startswith("Invalid enum value"):
        choices = _literals(annotation)
        out = f"{where}: {shown(value)} is not valid; choose one of {', '.join(choices)}"
        hint = did_you_mean(value, choices)
        if not hint and isinstance(value, str) and "transitional" in choices and _means_none(value):
            out += "; leave it out, or null, for not assessed"
        boroughs = ("borough", "borough_council", "shire_borough")
        if "london_borough" in choices and isinstance(value, str) and \
                value.strip().lower().replace(" council", "") in boroughs:
            # a borough outside London and the metropolitan areas is a shire district council
            out += ("; a borough council in a shire county is district, a London borough london_borough, "
                    "a metropolitan borough metropolitan")
            hint = None
    elif missing := re.match(r"Object missing required field `(.+)`", msg):
        key = f"{where}.{missing.group(1)}" if where else missing.group(1)
        out, hint = f"{key}: required key is missing", None
    else:
        wanted_types: list[str] = []
        if (expected := re.match(r"Expected `(.+?)`, got `(.+)`", msg)):
            wanted_types = [t.strip() for t in expected.group(1).split("|")]
            wanted = expected.group(1).replace("object", "mapping").replace("null", "nothing")
            choices = _literals(annotation)
            if choices:
                wanted = f"one of {', '.join(choices)}" + (" or a mapping" if _fields(annotation) else "")
            implicit = _implicit(value, wanted_types, choices) if not choices or isinstance(value, bool) \
                else None
            msg = implicit or f"expected {_words(wanted)}, found {kind(value)}"
        elif msg.startswith("Invalid RFC3339 encoded date"):
            msg = "write the date as YYYY-MM-DD, e.g. 2008-03-31"
        if bound := re.match(r"Expected `\w+` (<=|>=|<|>) (.+)", msg):
            words = {"<=": "at most", ">=": "at least", "<": "less than", ">": "more than"}[bound.group(1)]
            msg = f"must be {words} {float(bound.group(2)):,.15g}"   # 4,300,000,000, never 4.3e+09
            # the upper bound's reason, where its type gives one (a lower bound of 0 needs none)
            if bound.group(1) in ("<=", "<") and (why := _meta_description(annotation)):
                msg += f" ({why})"
        elif msg == "Expected `str` matching regex '\\\\S'":   # a text of spaces alone
            msg = "must not be blank"
        elif length := re.match(r"Expected `\w+` of length (>=|<=) (\d+)", msg):
            msg = "must not be empty" if length.group(2) == "1" and length.group(1) == ">=" else \
                f"length must be {'at least' if length.group(1) == '>=' else 'at most'} {length.group(2)}"
        shown_value = "" if isinstance(value, (dict, list)) or value is None else f" {shown(value)}:"
        out, hint = f"{where or '(top level)'}:{shown_value} {msg}", None
    if hint:
        out += f" (did you mean {shown(hint)}?)"
    return out


_NONE_WORDS = {"n/a", "na", "none", "not assessed", "not_assessed", "-", "unknown", "tbc", "?", "", "nil",
               "null"}


def _means_none(text: str) -> bool:
    return text.strip().lower() in _NONE_WORDS


def _words(wanted: str) -> str:
    """msgspec's type names in the user's words."""
    names = {"str": "text", "float": "a number", "int": "a whole number", "bool": "true or false",
             "date": "a date (YYYY-MM-DD)", "array": "a list", "nothing": "nothing (null)"}
    return " or ".join(names.get(w.strip(), w.strip()) for w in wanted.split("|"))


_BOOLEAN_WORDS = {"yes", "no", "true", "false", "on", "off"}   # what YAML reads as a boolean


def _implicit(value: Any, wanted: list[str], choices: list[str] | None = None) -> str | None:
    """Why YAML's implicit typing read `value` as something other than what is wanted, and the fix;
    None when that is not what happened. `choices`: the values the field takes, where it is one of a few."""
    text_wanted = "str" in wanted or not {"float", "int", "date", "bool"} & set(wanted)
    if isinstance(value, bool) and text_wanted:
        word = "true" if value else "false"
        read = f"read as the boolean {word} (YAML reads yes, no, on, off, true and false that way)"
        if choices and not _BOOLEAN_WORDS & {c.lower() for c in choices}:
            return f"{read}; write one of {', '.join(choices)}"   # quotes would not help: "yes" is no stage
        return f"{read}; put the text in quotes, e.g. \"No\""
    if isinstance(value, (dt.date, dt.datetime)) and "date" not in wanted:
        return f"read as a date ({shown(value)}); put it in quotes to keep it as text"
    if isinstance(value, dt.datetime) and "date" in wanted:
        return "read as a date and time; give the date only, as YYYY-MM-DD"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "str" in wanted:
        return "read as a number; put it in quotes to keep it as text"
    if isinstance(value, str) and ({"float", "int"} & set(wanted)):
        if value.strip().endswith("%"):
            return ("write a percentage as a number without the % sign, e.g. "
                    f"{cut(value.strip().rstrip('%').strip(), 20)}")
        if any(ch in value for ch in "£$,"):
            return "write the amount as a plain number, without £ or commas, e.g. 1250000"
        if _means_none(value):
            return "expected a number; leave the figure out, or null, when it is not known"
        if re.fullmatch(r"[-+]?\d+[eE][-+]?\d+", value.strip()):
            return ("YAML reads this as text (a number in exponent form needs a decimal point, as in "
                    "1.0e-05); write it as a plain number")
        return "expected a number"
    if isinstance(value, str) and "date" in wanted:
        return "write the date as YYYY-MM-DD, e.g. 2008-03-31"
    if isinstance(value, bool) and ({"float", "int"} & set(wanted)):
        return "read as true/false; expected a number"
    return None
