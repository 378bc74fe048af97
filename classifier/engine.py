"""The only module that imports durable-rules.

What it guards against (measured on durable-rules 2.0.28; see the project's notes):
- a ruleset name registers once per process: each compiled set gets a fresh name, compiled once;
- `Host()` starts background dispatch threads: a Host whose `_run` does nothing, with actions run
  synchronously inside the assert call;
- a fact that matches no rule raises MessageNotHandledException, yet its session is created, and
  deleting that session crashes the process at random (seen on 2.0.28): every compiled set carries a
  sentinel rule that matches every profile fact, so every session is an ordinary one;
- an exception inside an action is swallowed into the session state: checked after every assert;
- a condition made only of negations also matches the session state and fires for ever: every
  compiled condition is anchored on `kind: profile`;
- without delete_state the 1,025th live session raises MemoryError: every session is deleted;
- a condition with `$or` fires once for every branch that holds: each rule is reported once.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable

from .errors import BackToFrontError
from .rules import EngineRule, durable_key

warnings.filterwarnings("ignore", message=r"datetime\.datetime\.utcfromtimestamp", category=DeprecationWarning)

try:
    import durable.engine as _durable
except ImportError as _exc:  # typically durable-rules compiled on Python 3.13 without the build flag
    from .errors import SetupError

    raise SetupError(
        f"the rule engine durable-rules is installed but cannot load ({_exc}); rebuild it with: "
        "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --force-reinstall --no-cache-dir "
        "--no-binary durable-rules durable-rules==2.0.28") from None

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
        self._fired: dict[str, list[str]] = {}
        definition = {}
        for er in engine_rules:
            definition[er.key] = {"all": [{"m": er.durable_condition()}], "run": self._action(er.key)}
        if not definition:
            raise EngineError("no rules to compile")
        definition[SENTINEL] = {"all": [{"m": {"kind": "profile"}}], "run": _ignore}
        try:
            _get_host().set_rulesets({self.name: definition})
        except Exception as exc:  # the engine reports bad definitions with bare Exceptions
            raise EngineError(f"durable-rules rejected the rules: {exc}") from exc

    def _action(self, key: str):
        fired = self._fired

        def record(c) -> None:
            fired.setdefault(c.s["sid"], []).append(key)

        return record

    def run(self, fact: dict) -> list[str]:
        """Assert one profile fact in a fresh session; the keys of the rules that fired, in order."""
        sid = str(next(_sids))
        payload = {durable_key(k): v for k, v in fact.items()}
        payload |= {"sid": sid, "kind": "profile"}
        host = _get_host()
        try:
            host.assert_fact(self.name, payload)
        except _durable.MessageNotHandledException:
            # Cannot happen while the sentinel matches every profile fact; the session is left alone,
            # since deleting an unhandled session can crash the process.
            self._fired.pop(sid, None)
            raise EngineError("the engine handled no rule for the profile fact") from None
        try:
            state = host.get_state(self.name, sid)
            if state.get("exception"):
                raise EngineError(f"a rule action failed: {state['exception']}")
            return list(dict.fromkeys(self._fired.pop(sid, [])))
        finally:
            self._fired.pop(sid, None)
            host.delete_state(self.name, sid)
