"""Rules as data: rules/*.yaml loaded, validated against the fact catalogue and compiled into
durable-rules conditions.

A rule file holds one rule:

    id: BT121
    title: Uneven profile
    citations: [Table 4, para 47]
    phase: classify            # judge (answers to stages), classify (stages and flags) or recommend
    basis: report              # report, or inferred where the report gives no rule
    explanation: Plain words for the walkthrough and the catalogue.
    for_each: characteristic   # optional: one engine rule per characteristic/pressure/barrier/...
    when:
      all:                     # every condition must hold
        - lowest_stage: transactional
        - highest_stage: {gte: transformational}
      any: []                  # optional: at least one must hold
    then:
      conclusion: "Text for the trace (Jinja, with item, fact, stage_name...)"
      flag: {id: uneven_profile, severity: warning, title: Uneven profile, message: "...",
             summary_title: "Uneven profile: transactional beside transformational characteristics",
             letter: true}

A flag carries its own display metadata, the one place it is defined: `title`, the plain heading the report
prints before the flag's message; `summary_title`, the words that stand alone for it in the batch summaries;
`letter`, whether a letter's "Also found" may show it. Rules that raise the same flag agree on all three. A
flag is cited with its rule's citations, or with its own `citations` (templates) where the places one firing
rests on depend on the facts.

A recommend-phase rule's `then.recommendation` gives id, title (an imperative), action, priority, effort,
owner, timing, citations and case_studies; `owner` (an actor id of OWNERS, or a template that renders to one)
is who the letter's improvement plan suggests takes it on, `timing` (a key of TIMINGS) by when; `why`
(optional) says in plain words what the title does not; `characteristics` (optional) renders to "id=stage;
id=stage", the characteristics the advice moves and the stage it asks for; `target_stage` only for advice
aimed at the overall stage; `first: true` ranks the advice before every other of its priority (finishing a
partial assessment); `basis` (optional) a template rendering to "report" or "inferred" where only some firings
go beyond the report. classify.one_target() then keeps one target per characteristic and merges advice that
says the same thing.

Conditions name a fact (see classifier/facts.py) and compare it: a plain value means equal; a mapping
takes eq, ne, lt, lte, gt, gte, in and exists. Stage facts take stage names, `{item}` stands for the
for_each item's id.
"""


import functools
import marshal
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from jinja2 import Environment, StrictUndefined, Template, TemplateSyntaxError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import DataError
from .facts import TRI, FactName, catalogue
from .knowledge import STAGE_IDS, Knowledge, cached, list_item, package_folder
from .validation import Invalid, convert, guess, load_yaml

RULE_ID = re.compile(r"^BT\d{3}$")
CITATION = re.compile(r"^(Table [1-6]|Figure \d{1,2}|para \d{1,2}|Case study \d{1,2}|Appendix 1|"
                      r"Recommendations|Chapter [1-4]|Summary)$")
OPS = {"eq", "ne", "lt", "lte", "gt", "gte", "in", "exists"}
# The facts only the judge phase knows (classifier/answers.py), and only it may use.
JUDGE_PREFIXES = ("answers.", "stated.", "override.", "respondents.")
ForEach = Literal["characteristic", "pressure", "barrier", "technique", "element", "strategic",
                  "benchmarking"]


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


NonEmpty = Annotated[list[str], msgspec.Meta(min_length=1)]


class When(_Model, frozen=True):
    all: Annotated[list[dict[str, Any]], msgspec.Meta(min_length=1)]
    any: list[dict[str, Any]] = []


class FlagSpec(_Model, frozen=True):
    id: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]*$")]
    severity: Literal["info", "warning", "high"]
    message: str
    title: Annotated[str, msgspec.Meta(min_length=1)]          # the report's heading before the message
    summary_title: Annotated[str, msgspec.Meta(min_length=1)]  # standing alone in the batch summaries
    letter: bool                                               # a letter's "Also found" may show it
    # The places one firing rests on, where they depend on the facts (templates, each rendering to one
    # citation or several separated by ';'); empty, or rendering to none: the rule's citations.
    citations: list[str] = []


# Who a recommendation's suggested owner is: the actors the report names (para 36, para 75, Checklist 3).
OWNERS = {
    "board": "Efficiency board or committee",
    "scrutiny": "Overview and scrutiny committee",
    "cabinet": "Cabinet or executive",
    "chief_executive": "Chief executive and senior management team",
    "finance": "Finance director",
}
# By when a recommendation is suggested, relative to the council's own cycle. by_priority: high priority by
# the next budget round, the rest within the current spending review period (the priority as finally ranked).
TIMINGS = {
    "next_budget_round": "Next budget round",
    "spending_review_period": "Within the current spending review period",
    "by_priority": None,
}


def timing_words(timing: str, priority: str) -> str:
    """A recommendation's suggested horizon in words, from its rule's `timing` and its final priority."""
    if timing == "by_priority":
        timing = "next_budget_round" if priority == "high" else "spending_review_period"
    return TIMINGS[timing] or ""


class RecommendationSpec(_Model, frozen=True):
    # An id or a template of one; it may test a fact (`fact['barrier.x']`) to merge its advice
    # into another recommendation
    id: Annotated[str, msgspec.Meta(pattern=r"^[a-z{][a-z0-9_{}. '\[\]]*$")]
    title: str
    action: str
    priority: str  # high | medium | low, or a template that renders to one
    citations: NonEmpty
    effort: str = "medium"
    target_stage: str | None = None  # only for advice aimed at the overall stage
    case_studies: list[str] = []
    # The characteristics the advice moves, and the stage it asks each to reach: a template that renders
    # to "id=stage; id=stage" (empty: it moves none).
    characteristics: str = ""
    # Why, in plain words, when the facts the rule looked at would only repeat the title.
    why: str = ""
    # True: the advice comes before every other of its priority (finishing the assessment comes before
    # advice that rests on it).
    first: bool = False
    # Who takes it on (an id of OWNERS, or a template that renders to one) and by when (a key of TIMINGS).
    owner: str = ""
    timing: Literal["next_budget_round", "spending_review_period", "by_priority", ""] = ""
    # For a `basis: report` rule whose advice is the report's in some firings and the assessment's reading in
    # others: a template that renders to "report" or "inferred" for one firing (empty: the rule's basis).
    basis: str = ""
    # What the advice asks the council to build, a template rendering to "element.<id>; strategic.<id>;
    # <characteristic>=<stage>": held back where the council's strengths say it has it (classify's
    # consistency pass, issue 15).
    builds: str = ""
    # What the advice asks the council to start, "technique.<id>; benchmarking.<type>; method_any.<method>":
    # held back where the council does it, or the report says it does.
    starts: str = ""


class ToConfirmSpec(_Model, frozen=True):
    """What to ask instead of advice that would rest on a fact the profile does not record: `fact` (the
    fact's name, a template), `question` (the question bank's id that records it, or none), `text` (one
    sentence: "Record whether ...: ..."), `citations`."""
    fact: str
    text: str
    citations: NonEmpty
    question: str | None = None


class Then(_Model, frozen=True):
    conclusion: str
    stage: Literal["transactional", "transitional", "transformational"] | None = None
    characteristic: bool = False
    flag: FlagSpec | None = None
    recommendation: RecommendationSpec | None = None
    to_confirm: ToConfirmSpec | None = None  # recommend phase: a fact to record, in place of advice
    # judge phase only
    judgement: Literal["derived", "stated", "override", "provisional", "not_assessed"] | None = None


class RuleSpec(_Model, frozen=True):
    id: str
    title: str
    citations: NonEmpty
    phase: Literal["judge", "classify", "recommend"]
    basis: Literal["report", "inferred"]
    explanation: str
    when: When
    then: Then
    for_each: ForEach | None = None
    only: list[str] = []


# Condition, EngineRule, Rule and RuleSet are msgspec Structs rather than dataclasses: defining a
# dataclass costs more at import than the rest of this module.
class Condition(msgspec.Struct, frozen=True):
    fact: str
    op: str
    value: Any

    def holds(self, value: Any) -> bool:
        """The same comparison in plain Python, for explaining a rule that did not fire."""
        if self.op == "exists":
            return (value is not None) == bool(self.value)
        if value is None:
            return False
        return {
            "eq": lambda: value == self.value, "ne": lambda: value != self.value,
            "lt": lambda: value < self.value, "lte": lambda: value <= self.value,
            "gt": lambda: value > self.value, "gte": lambda: value >= self.value,
            "in": lambda: value in self.value,
        }[self.op]()


class EngineRule(msgspec.Struct, frozen=True):
    """One rule as the engine runs it: a rule, or one item of a for_each rule."""
    key: str
    rule: "Rule"
    item: str | None
    all: tuple[Condition, ...]
    any: tuple[Condition, ...]

    @property
    def facts(self) -> list[str]:
        return list(dict.fromkeys(c.fact for c in (*self.all, *self.any)))

    def durable_condition(self) -> dict:
        parts: list[dict] = [{"kind": "profile"}]
        parts += [_durable(c) for c in self.all]
        if self.any:
            parts.append({"$or": [_durable(c) for c in self.any]})
        return {"$and": parts}


class Rule(msgspec.Struct, eq=False, repr_omit_defaults=True):
    spec: RuleSpec
    source: str
    texts: dict[str, str] = msgspec.field(default_factory=dict)
    engine_rules: list[EngineRule] = msgspec.field(default_factory=list)
    trusted: bool = False  # the packaged rules: their templates run outside the sandbox
    static: dict[str, bool] = msgspec.field(default_factory=dict)  # template name -> uses only STATIC_NAMES
    code: dict[str, bytes] = msgspec.field(default_factory=dict)  # template name -> marshalled code
    compiled_templates: dict[str, Template] = msgspec.field(default_factory=dict)
    memo: dict[tuple, str] = msgspec.field(default_factory=dict)

    def render(self, name: str, context: dict[str, Any], key: str | None = None) -> str:
        """A `then` field rendered for one firing; plain text needs no template.

        `key` names the firing engine rule (EngineRule.key): a template that reads nothing but the rule's
        item and the knowledge (STATIC_NAMES) renders the same every time, so it is rendered once per
        engine rule and knowledge base and then reused."""
        text = self.texts[name]
        if "{" not in text:
            return text.strip()
        memo = (name, key, id(context.get("kb"))) if key is not None and self.static.get(name) else None
        if memo is not None and (done := self.memo.get(memo)) is not None:
            return done
        template = self.compiled_templates.get(name)
        if template is None:
            template = self.compiled_templates[name] = self._template(name)
        out = template.render(context).strip()
        if memo is not None:
            self.memo[memo] = out
        return out

    def _template(self, name: str) -> Template:
        env = TRUSTED if self.trusted else TEMPLATES
        code = marshal.loads(self.code[name]) if name in self.code else env.compile(self.texts[name])
        # plain-dict globals: Jinja copies them into every render's context, and a dict copies fastest
        return env.template_class.from_code(env, code, dict(env.globals))

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def citation(self) -> str:
        return ", ".join(self.spec.citations)


def durable_key(fact: str) -> str:
    """A fact name as durable-rules property: stage.time_scales -> stage__time_scales."""
    return fact.replace(".", "__")


def _durable(c: Condition) -> dict:
    k = durable_key(c.fact)
    if c.op == "eq":
        return {k: c.value}
    if c.op == "ne":
        return {"$ne": {k: c.value}}
    if c.op == "in":
        return {"$or": [{k: v} for v in c.value]}
    if c.op == "exists":
        return {"$ex" if c.value else "$nex": {k: 1}}
    return {f"${c.op}": {k: c.value}}


def _lead(text: str) -> str:
    return re.split(r"[:.]", text, maxsplit=1)[0].strip()


# Rule templates: the packaged rules are the project's own code and render in a plain environment
# (TRUSTED); rules from anywhere else (load_from) keep Jinja's sandbox (TEMPLATES). Same filters, same
# output.
TEMPLATES = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
TRUSTED = Environment(undefined=StrictUndefined, autoescape=False)
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def counted(n: int, noun: str) -> str:
    """"two techniques", "one technique", "no techniques": a count in words (numerals above ten)."""
    n = int(n)
    word = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def in_words(n: int) -> str:
    """A count in words as the project writes it: 5 -> "five", 0 -> "no", numerals above ten."""
    return counted(n, "").rsplit(" ", 1)[0]


def times(n: int) -> str:
    """How often, in words: 1 -> "once", 2 -> "twice", 3 -> "three times"."""
    return {1: "once", 2: "twice"}.get(n) or f"{in_words(n)} times"


def and_list(items: list[str]) -> str:
    """Items as a sentence lists them: ["a"] -> "a", ["a", "b"] -> "a and b", ["a", "b", "c"] ->
    "a, b and c"."""
    items = [str(i) for i in items]
    return " and ".join(items) if len(items) < 3 else f"{', '.join(items[:-1])} and {items[-1]}"


for _env in (TEMPLATES, TRUSTED):
    _env.filters["andlist"] = and_list
    _env.filters["listitem"] = list_item
    _env.filters["counted"] = counted
    _env.filters["words"] = in_words
    _env.filters["lead"] = _lead
# What a template may read and still render the same for every profile (see Rule.render): the rule's
# item, the knowledge and the helpers over it (classify.Classifier._context and judge).
STATIC_NAMES = frozenset({"item", "kb", "stage_name", "case_studies_for", "questions", "PRESENT", "ABSENT"})


def midsentence(name: str) -> str:
    """A knowledge item's name inside a sentence: "Shared services" -> "shared services"; an acronym or
    a name that starts with one stays ("CSR07", "ICT", "Lean/BPI" -> "lean/BPI" only when not all
    capitals)."""
    name = str(name)
    if not name or name[1:2].isupper() or name[1:2].isdigit():
        return name
    return name[0].lower() + name[1:]


def from_to(value_range: str) -> str:
    """Table 5's value range as words: "£60,000 (district council) – £7,000,000 (county council)" ->
    "from £60,000 (district council) to £7,000,000 (county council)"; a single value is given as it is."""
    low, dash, high = str(value_range).partition(" – ")
    return f"from {low} to {high}" if dash else low


def sentence(text: str) -> str:
    """Text from a profile ended as a sentence: a full stop added unless it ends with one (or ! ? or a
    closing quote); a trailing comma, semicolon or colon (a clause quoted from a list) gives way to it."""
    text = str(text).strip().rstrip(",;:").rstrip()
    return text if not text or text[-1] in ".!?”\"')" else text + "."


def spelled(text: str) -> str:
    """Text with each of the report's acronyms spelled out at its first use in it ("Use lean/BPI" -> "Use
    lean/business process improvement (BPI)"; the list is render.plain.ACRONYMS), for a recommendation's
    title: a title is shown on its own (compare, batch, JSON) as well as in a document, so it carries the
    long form itself and is the same everywhere."""
    from backtofront.render.plain import Expander  # the one list of acronyms; plain imports nothing of ours
    return Expander()(str(text)) or ""


for _env in (TEMPLATES, TRUSTED):
    _env.filters["spelled"] = spelled
    _env.filters["midsentence"] = midsentence
    _env.filters["fromto"] = from_to
    _env.filters["sentence"] = sentence


def items_for(kb: Knowledge, for_each: str | None) -> list[str | None]:
    """The items a rule runs for, in order: the ids of its `for_each` kind, or [None] for a rule run once."""
    items: dict[str | None, list[str | None]] = {
        None: [None],
        "characteristic": list(kb.characteristics),
        "pressure": list(kb.pressures),
        "barrier": list(kb.barriers),
        "technique": list(kb.techniques),
        "element": [i.id for i in kb.four_elements.items],
        "strategic": [i.id for i in kb.strategic_characteristics.items],
        "benchmarking": list(kb.benchmarking_types),
    }
    return items[for_each]


def _value(fact: FactName, raw: Any, where: str) -> Any:
    """A condition value checked and converted for its fact's kind."""
    if fact.kind == "stage":
        if raw in STAGE_IDS:
            return STAGE_IDS.index(raw) + 1
        if raw == "not_assessed":
            return 0
        raise ValueError(f"{where}: {raw!r} is not a stage; use {', '.join(STAGE_IDS)} or not_assessed")
    if fact.kind == "yesno":
        if isinstance(raw, bool):
            return int(raw)
        if raw in (0, 1):
            return raw
        raise ValueError(f"{where}: {raw!r} must be true or false")
    if fact.kind == "tri":
        if isinstance(raw, bool):  # true: present (a yes); false: absent (an explicit no)
            return TRI[0] if raw else TRI[1]
        if raw not in TRI:
            raise ValueError(f"{where}: {raw!r} must be one of {', '.join(TRI)}")
        return raw
    if fact.kind in ("count", "number"):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError(f"{where}: {raw!r} must be a number")
        return raw
    if not isinstance(raw, str):
        raise ValueError(f"{where}: {raw!r} must be text")  # noqa: TRY004 - the loader reports ValueErrors
    return raw


def _conditions(raw: list[dict], facts: dict[str, FactName], item: str | None, where: str) -> list[Condition]:
    out = []
    for i, cond in enumerate(raw):
        here = f"{where}[{i}]"
        if not isinstance(cond, dict) or len(cond) != 1:
            raise ValueError(f"{here}: a condition is one 'fact: value' or 'fact: {{op: value}}' pair")
        (name, test), = cond.items()
        name = name.replace("{item}", item or "{item}")
        if name not in facts:
            raise ValueError(f"{here}: unknown fact {name!r}{guess(name, list(facts))}")
        tests = test if isinstance(test, dict) else {"eq": test}
        for op, raw_value in tests.items():
            if op not in OPS:
                raise ValueError(f"{here}: unknown operator {op!r}; use {', '.join(sorted(OPS))}")
            if op == "exists":
                value: Any = bool(raw_value)
            elif op == "in":
                if not isinstance(raw_value, list) or not raw_value:
                    raise ValueError(f"{here}: 'in' takes a non-empty list")
                value = [_value(facts[name], v, here) for v in raw_value]
            else:
                value = _value(facts[name], raw_value, here)
            out.append(Condition(name, op, value))
    return out


def _template_fields(then: Then) -> dict[str, str]:
    out = {"conclusion": then.conclusion}
    if then.flag:
        out["flag.message"] = then.flag.message
        out |= {f"flag.citations.{i}": c for i, c in enumerate(then.flag.citations)}
    if then.recommendation:
        r = then.recommendation
        out |= {"rec.id": r.id, "rec.title": r.title, "rec.action": r.action, "rec.priority": r.priority,
                "rec.effort": r.effort}
        if r.target_stage:
            out["rec.target_stage"] = r.target_stage
        if r.characteristics:
            out["rec.characteristics"] = r.characteristics
        if r.why:
            out["rec.why"] = r.why
        if r.owner:
            out["rec.owner"] = r.owner
        if r.basis:
            out["rec.basis"] = r.basis
        if r.builds:
            out["rec.builds"] = r.builds
        if r.starts:
            out["rec.starts"] = r.starts
        out |= {f"rec.citations.{i}": c for i, c in enumerate(r.citations)}
        out |= {f"rec.case_studies.{i}": c for i, c in enumerate(r.case_studies)}
    if then.to_confirm:
        t = then.to_confirm
        out |= {"confirm.fact": t.fact, "confirm.text": t.text}
        if t.question:
            out["confirm.question"] = t.question
        out |= {f"confirm.citations.{i}": c for i, c in enumerate(t.citations)}
    return out


def build_rule(data: Any, source: str, kb: Knowledge, facts: dict[str, FactName]) -> Rule:
    try:
        spec = convert(data, RuleSpec)
    except Invalid as exc:
        raise DataError(source, [exc.problem]) from None
    return _build(spec, source, kb, facts)


def _build(spec: RuleSpec, source: str, kb: Knowledge, facts: dict[str, FactName],
           templates: dict[str, "CachedTemplate"] | None = None) -> Rule:
    """A validated rule from its spec; `templates` (from the cache) holds its templates already checked
    and compiled, keyed "RULE_ID:field"."""
    problems = []
    if not RULE_ID.match(spec.id):
        problems.append(f"id: {spec.id!r} must look like BT123")
    if Path(source).stem != spec.id:
        problems.append(f"id: {spec.id!r} does not match the file name")
    for c in spec.citations:
        if not CITATION.match(c):
            problems.append(
                f"citations: {c!r} is not a citation of the report's form (Table 4, para 47, ...)")
    items = items_for(kb, spec.for_each)
    for only in spec.only:
        if only not in items:
            problems.append(f"only: {only!r} is not a {spec.for_each}")
    rule = Rule(spec, source, trusted=templates is not None)
    for name, text in _template_fields(spec.then).items():
        rule.texts[name] = text
        if "{" not in text:
            continue
        if templates is not None and (done := templates.get(f"{spec.id}:{name}")) is not None:
            rule.static[name] = done.static
            rule.code[name] = done.code
            continue
        try:  # syntax now; compiled on first use
            rule.static[name] = meta.find_undeclared_variables(TEMPLATES.parse(text)) <= STATIC_NAMES
        except TemplateSyntaxError as exc:
            problems.append(f"then.{name}: template error: {exc.message}")
    for item in items:
        if spec.only and item not in spec.only:
            continue
        try:
            all_ = _conditions(spec.when.all, facts, item, "when.all")
            any_ = _conditions(spec.when.any, facts, item, "when.any")
        except ValueError as exc:
            problems.append(str(exc))
            break
        key = spec.id if item is None else f"{spec.id}.{item}"
        rule.engine_rules.append(EngineRule(key, rule, item, tuple(all_), tuple(any_)))
    if problems:
        raise DataError(source, problems)
    return rule


class RuleSet(msgspec.Struct, frozen=True, eq=False):
    rules: tuple[Rule, ...]
    compiled: dict[str, Any] = msgspec.field(default_factory=dict)  # phase -> engine set

    def phase(self, phase: str) -> list[Rule]:
        return [r for r in self.rules if r.spec.phase == phase]

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def flag_ids(self) -> list[str]:
        return sorted({r.spec.then.flag.id for r in self.rules if r.spec.then.flag})

    def flag(self, flag_id: str) -> FlagSpec | None:
        """The spec (with its display metadata) of the flag `flag_id`; None when no rule raises it."""
        return next((r.spec.then.flag for r in self.rules if r.spec.then.flag
                     and r.spec.then.flag.id == flag_id),
                    None)


def load_from(texts: dict[str, str], kb: Knowledge) -> RuleSet:
    """Build the rule set from rule file texts (file name -> YAML). Their templates run sandboxed."""
    raw: dict[str, Any] = {}
    for name, text in sorted(texts.items()):
        try:
            raw[name] = load_yaml(text)
        except Exception as exc:  # noqa: BLE001 - YAMLError, and ValueError for an impossible date
            raise DataError(f"rules/{name}", [f"YAML syntax error: {exc}"]) from None
    flag_ids = sorted({d["then"]["flag"]["id"] for d in raw.values()
                       if isinstance(d, dict) and isinstance(d.get("then"), dict)
                       and isinstance(d["then"].get("flag"), dict) and "id" in d["then"]["flag"]})
    facts = catalogue(kb, flag_ids)
    unowned = [f"{f.id}: response.owner {f.response.owner!r} is not one of {', '.join(OWNERS)}"
               for f in (*kb.pressures.values(), *kb.barriers.values()) if f.response.owner not in OWNERS]
    if unowned:  # BT210 and BT211 take each factor's owner from its response
        raise DataError("knowledge/factors.yaml", unowned)
    return _check(tuple(build_rule(data, f"rules/{name}", kb, facts) for name, data in raw.items()))


def _check(rules: tuple[Rule, ...]) -> RuleSet:
    """The checks across rules (unique ids, which facts each phase may use)."""
    seen: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise DataError(r.source, [f"id: {r.id} is also used by {seen[r.id]}"])
        seen[r.id] = r.source
    shown: dict[str, Rule] = {}  # a flag's display metadata is the same wherever it is raised
    for r in rules:
        flag = r.spec.then.flag
        if flag is None:
            continue
        other = shown.setdefault(flag.id, r).spec.then.flag
        assert other is not None
        for name in ("title", "summary_title", "letter"):
            if getattr(flag, name) != getattr(other, name):
                raise DataError(r.source, [f"then.flag.{name}: differs from {shown[flag.id].source}'s for "
                                           f"the same flag {flag.id}"])
    for r in rules:  # the judge phase sees only its own fact (classifier/answers.py), and only it sees it
        judge_facts = [c.fact for er in r.engine_rules for c in (*er.all, *er.any)
                       if c.fact.startswith(JUDGE_PREFIXES)]
        used = [c for er in r.engine_rules for c in (*er.all, *er.any)]
        if r.spec.phase == "judge" and len(judge_facts) != len(used):
            raise DataError(r.source, ["when: a judge-phase rule uses only answers.*, stated.*, override.* "
                                       "and respondents.* facts"])
        if r.spec.phase != "judge" and judge_facts:
            raise DataError(r.source, [f"when: {judge_facts[0]} is only known in the judge phase"])
        then = r.spec.then
        if then.recommendation and not (then.recommendation.owner and then.recommendation.timing):
            raise DataError(r.source, ["then.recommendation: give its owner (one of " + ", ".join(OWNERS)
                                       + ") and timing (one of " + ", ".join(TIMINGS) + ")"])
        if r.spec.phase == "judge" and then.judgement is None and then.flag is None:
            raise DataError(r.source, ["then: a judge-phase rule gives a judgement or a flag"])
        if then.to_confirm is not None and (r.spec.phase != "recommend" or then.recommendation is not None):
            raise DataError(r.source, ["then.to_confirm: only a recommend-phase rule without a "
                                       "recommendation gives one"])
        if r.spec.phase != "judge" and then.judgement is not None:
            raise DataError(r.source, ["then.judgement: only judge-phase rules give a judgement"])
        if then.judgement is not None and r.spec.for_each != "characteristic":
            raise DataError(r.source, ["then.judgement: a judgement decides a characteristic's stage, so its "
                                       "rule runs for_each: characteristic"])
        if r.spec.phase == "classify":
            bad = [c.fact for er in r.engine_rules for c in (*er.all, *er.any)
                   if c.fact.startswith(("flag.", "overall."))]
            if bad:
                raise DataError(r.source, [f"when: {bad[0]} is only known in the recommend phase"])
    return RuleSet(rules)


class CachedTemplate(msgspec.Struct, frozen=True):
    static: bool  # reads only STATIC_NAMES
    code: bytes   # the compiled template, marshalled (the cache key holds the Python and Jinja versions)


class CachedRules(msgspec.Struct, frozen=True):
    """The packaged rules as kept in the user cache: validated specs (file name -> spec) and templates."""
    specs: dict[str, RuleSpec]
    templates: dict[str, CachedTemplate]


@functools.cache
def load(kb: Knowledge) -> RuleSet:
    """The packaged rules, loaded and validated once per process. Their specs and compiled templates come
    from the user cache (knowledge.cached) when it holds them for exactly these files and this code; the
    checks against the knowledge run either way. Their templates are trusted (no sandbox)."""
    import jinja2

    folder = package_folder("rules")
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}
    fresh: list[RuleSet] = []

    def build() -> CachedRules:
        ruleset = load_from(texts, kb)
        templates = {}
        for r in ruleset.rules:
            r.trusted = True
            for name in r.static:
                code = TRUSTED.compile(r.texts[name])
                r.compiled_templates[name] = TRUSTED.template_class.from_code(TRUSTED, code,
                                                                              dict(TRUSTED.globals))
                templates[f"{r.id}:{name}"] = CachedTemplate(r.static[name], marshal.dumps(code))
        fresh.append(ruleset)
        return CachedRules({r.source.removeprefix("rules/"): r.spec for r in ruleset.rules}, templates)

    jinja = {"jinja2": jinja2.__version__, "marshal": str(marshal.version)}
    entry = cached("rules", texts | {"\0versions": repr(jinja)}, CachedRules, build,
                   code=(__file__, _facts_file()))
    if fresh:
        return fresh[0]
    flag_ids = sorted({s.then.flag.id for s in entry.specs.values() if s.then.flag})
    facts = catalogue(kb, flag_ids)
    return _check(tuple(_build(spec, f"rules/{name}", kb, facts, entry.templates)
                        for name, spec in sorted(entry.specs.items())))


def _facts_file() -> str:
    from . import facts

    return facts.__file__
