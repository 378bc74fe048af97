"""A small question bank for the interview tests: every kind of question, two characteristics and two
other sections, so that the tests do not depend on the size of the packaged bank."""

from __future__ import annotations

import sys
from pathlib import Path

import forked
import pexpect
from backtofront.classifier import questions
from backtofront.classifier.validation import load_yaml

BANK_YAML = """
source: test
questions:
  - id: policy_status
    section: characteristics
    characteristic: efficiency_policy
    kind: single
    text: "How does the council's efficiency activity relate to its policies?"
    citations: [Table 4]
    options:
      - {id: ad_hoc, text: "Ad-hoc efficiency activity", stage: transactional,
         quote: "Ad-hoc efficiency activity"}
      - {id: not_linked, text: "A policy, not linked to other policies", stage: transitional,
         quote: "A policy, not linked to other policies"}
      - {id: embedded, text: "A strategic and embedded policy", stage: transformational,
         quote: "A strategic and embedded policy"}
  - id: policy_owner
    section: characteristics
    characteristic: efficiency_policy
    kind: single
    text: "Who owns the efficiency policy?"
    help: "Think of who signs it off."
    citations: [para 36]
    options:
      - {id: nobody, text: "Nobody in particular", stage: transactional, quote: "Nobody in particular"}
      - {id: finance, text: "The finance department", stage: transitional, quote: "The finance department"}
      - {id: cabinet, text: "Cabinet and the corporate management team", stage: transformational,
         quote: "Cabinet and the corporate management team"}
  - id: leadership_challenge
    section: characteristics
    characteristic: management_leadership
    kind: single
    text: "Is there a group that challenges the efficiency programme?"
    citations: [para 43]
    options:
      - {id: none, text: "No challenge group", stage: transactional, quote: "No challenge group"}
      - {id: group, text: "A challenge group of members and officers", stage: transformational,
         quote: "A challenge group of members and officers"}
  - id: techniques_used
    section: techniques
    kind: multiple
    text: "Which techniques has the council used?"
    citations: [Table 5]
    options:
      - {id: lean_bpi, text: "Lean / business process improvement"}
      - {id: ict, text: "ICT"}
      - {id: procurement, text: "Procurement"}
  - id: back_office_share
    section: figures
    kind: number
    unit: pct
    field: figures.back_office_share_of_gains_pct
    text: "What share of the SR04 gains came from the back office?"
    citations: [para 31]
"""

HERE = Path(__file__).resolve().parent  # tests/, where this module lives
IDS = ["policy_status", "policy_owner", "leadership_challenge", "techniques_used", "back_office_share"]


def bank() -> questions.QuestionBank:
    return questions.parse(load_yaml(BANK_YAML), "test bank")


def install(monkeypatch) -> questions.QuestionBank:
    """Make the fixture the bank everywhere (the interview and the profile's answer checks)."""
    fixture = bank()
    monkeypatch.setattr(questions, "load", lambda: fixture)
    return fixture


def launcher(entry: bool = False) -> list[str]:
    """The command line of a fresh Python running `backtofront` with this bank as the question bank
    (arguments follow it): through the command's entry point when `entry` (Ctrl-C, SIGTERM and SIGHUP handled
    from the first line, as installed), else through cli.main."""
    run = "from backtofront import entry; sys.exit(entry.main())" if entry else \
        "from backtofront.cli import main; sys.exit(main(sys.argv[1:]))"
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import interview_bank; "
            "from backtofront.classifier import questions; fixture = interview_bank.bank(); "
            f"questions.load = lambda: fixture; {run}")
    return [sys.executable, "-c", code]


def spawn(args: list[str], *, env: dict[str, str], entry: bool = False, **kwargs) -> pexpect.spawn:
    """`backtofront ARGS` with this bank as the question bank, under a pseudo-terminal (`entry` as for
    `launcher`): forked from the test's process (tests/forked.py), or started for real, as `launcher`, where a
    fork would not behave as a fresh Python. pexpect.spawn's keyword arguments."""
    fixture = bank()

    def setup() -> None:
        questions.load = lambda: fixture

    def cli_main(argv: list[str]) -> int:
        from backtofront.cli import main

        return main(argv)
    return forked.spawn(args, env=env, run=forked.entry_main if entry else cli_main, setup=setup,
                        started_as=launcher(entry), **kwargs)
