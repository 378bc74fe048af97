"""The only module that imports durable-rules.

What it guards against (measured on durable-rules 2.0.28; see the project's notes):
- a ruleset name registers once per process: each compiled set gets a fresh name, compiled once;
- `Host()` starts background dispatch threads: a Host whose `_run` does nothing, with actions run
  synchronously inside the assert call;
- a fact that matches no rule raises MessageNotHandledException, yet its session is created, and
  deleting that session crashes the process at random (seen on 2.0.28): every compiled set carries a
  sentinel rule that matches every profile fact, so every session is an ordinary one;
- an exception inside an action is swallowed into the session state, and every action costs a JSON
  decoding of the whole fact and an encoding of the state in durable's Python glue (most of its time per
  profile): no Python action runs at all. `CompiledRules.run` drives the engine's own C calls (assert,
  start action, complete and start the next) and reads which rule each queued action belongs to from the
  head of its message; the state is handed back unchanged;
- a condition made only of negations also matches the session state and fires for ever: every
  compiled condition is anchored on `kind: profile`;
- without delete_state the 1,025th live session raises MemoryError: every session is deleted;
- a condition with `$or` fires once for every branch that holds: each rule is reported once.
"""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Iterable

from .errors import BackToFrontError
from .rules import EngineRule, durable_key

warnings.filterwarnings("ignore", message=r"datetime\.datetime\.utcfromtimestamp",
                        category=DeprecationWarning)

try:
    import durable.engine as _durable
except ImportError as _exc:  # typically durable-rules compiled on Python 3.13 without the build flag
    from .errors import SetupError

    raise SetupError(
        f"the rule engine durable-rules is installed but cannot load ({_exc}); rebuild it with: "
        "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --force-reinstall --no-cache-dir "
        "--no-binary durable-rules durable-rules==2.0.28") from None
import durable_rules_engine as _c  # noqa: E402 - loads once durable.engine has

_names = itertools.count(1)
SENTINEL = "__every_profile__"
_sids = itertools.count(1)


class EngineError(BackToFrontError):
    """The rule engine failed: a bug, not bad input. Exit code 1."""


class _Host(_durable.Host):
    """A Host without background threads: actions run inside assert_fact, in the caller's thread."""

    def _run(self) -> None:
        return None


_host: _Host | None = None


def _get_host() -> _Host:
    global _host
    if _host is None:
        _host = _Host()
    return _host


def _ignore(c) -> None:
    """The sentinel's action: nothing to record."""


class CompiledRules:
    """A set of engine rules registered with durable-rules under one fresh ruleset name."""

    def __init__(self, engine_rules: Iterable[EngineRule]):
        self.name = f"backtofront_{next(_names)}"
        definition = {}
        for er in engine_rules:
            if '"' in er.key or "\\" in er.key:
                raise EngineError(f"rule key {er.key!r} must not hold quotes or backslashes")
            definition[er.key] = {"all": [{"m": er.durable_condition()}], "run": _ignore}
        if not definition:
            raise EngineError("no rules to compile")
        definition[SENTINEL] = {"all": [{"m": {"kind": "profile"}}], "run": _ignore}
        try:
            _get_host().set_rulesets({self.name: definition})
        except Exception as exc:  # the engine reports bad definitions with bare Exceptions
            raise EngineError(f"durable-rules rejected the rules: {exc}") from exc
        self._handle = _get_host().get_ruleset(self.name)._handle

    def run(self, fact: dict) -> list[str]:
        """Assert one profile fact in a fresh session; the keys of the rules that fired, in the order the
        engine queued them, each once. Raises EngineError when the engine refuses the fact."""
        sid = str(next(_sids))
        payload = {durable_key(k): v for k, v in fact.items()}
        payload |= {"sid": sid, "kind": "profile"}
        handle = self._handle
        try:
            code, state_handle = _c.assert_fact(handle, json.dumps(payload, ensure_ascii=False))
        except Exception as exc:  # the engine reports refused values with bare Exceptions
            raise EngineError(f"the engine refused the profile fact: {exc}") from exc
        if code != 0:
            # 1 (not handled) cannot happen while the sentinel matches every profile fact; the session is
            # left alone, since deleting an unhandled session can crash the process.
            raise EngineError(f"the engine did not take the profile fact (code {code})")
        fired: list[str] = []
        try:
            started = _c.start_action_for_state(handle, state_handle)
            if started:
                state, message = started
                while message:
                    fired.append(_action_name(message))
                    _c.update_state(handle, state)
                    message = _c.complete_and_start_action(handle, state_handle)
        finally:
            _c.delete_state(handle, sid)
        keys = dict.fromkeys(fired)
        keys.pop(SENTINEL, None)
        return list(keys)


def _action_name(message: str) -> str:
    """The rule a queued action belongs to: the first key of its message, `{"RULE_KEY": {...}}`. Rule
    keys hold no quotes or backslashes (checked when compiling), so it ends at the next quote."""
    if message.startswith('{"'):
        return message[2:message.index('"', 2)]
    return next(iter(json.loads(message)))
