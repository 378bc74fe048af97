"""One output-format registry per command (render/output_format.py): the click choices, the -o extension
guessing and the dispatch all come from it, and every registered format of every command renders every
bundled profile (examples/*.yaml and each case-study council, `--case N`).

The renders are shared: each profile is classified, built into a letter, compared and benchmarked once a
session, and each format of each command is drawn once from those. PDF letters take a second or more
each: the two examples' full letters are the session's shared ones (conftest's `example_pdf`, which other
tests read too); each case-study council's is its page 1 (`--brief`, a third of the time; its full letter's
HTML, which WeasyPrint lays out, is checked here too), drawn through conftest's `letter_pdf` once for the
run (test_letter_shape.py prints the same page 1). They are marked `slow` (`-m "not slow"` leaves
them out of an everyday run; `make test` runs them)."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import click
import pytest
import yaml
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.cli import cli
from backtofront.render import output_format
from backtofront.render.output_format import FILE_FORMATS, REGISTRIES
from conftest import LETTER_DATE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CASES = sorted(cases_mod.load_all())
PROFILES = [*(p.stem for p in EXAMPLES), *(f"case-{n}" for n in CASES)]
STUDENT = ROOT / "tests" / "render" / "student-answers-case7.yaml"


def _registry_formats(registry: output_format.Registry) -> list:
    return [pytest.param(name, marks=pytest.mark.slow, id=name) if name == "pdf"
            and registry is output_format.LETTER
            else pytest.param(name, id=name) for name in registry.choices]


# -- the registries are the only list ------------------------------------------------------------------
def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            yield from _commands(command, f"{path} ")
        yield path, command


def test_every_format_option_offers_its_registrys_formats():
    """Each `-f/--format` (and `batch --letters`) offers exactly its command's registered formats, and
    every registry is some command's."""
    seen = set()
    for path, command in _commands(cli):
        for param in command.params:
            key = path if param.name == "fmt" else f"{path} --letters" if param.name == "letters" else None
            if key is None:
                continue
            assert key in REGISTRIES, f"{key} has formats but no registry"
            assert isinstance(param.type, output_format.FormatChoice)
            assert tuple(param.type.choices) == REGISTRIES[key].choices, key
            seen.add(key)
    assert seen == set(REGISTRIES)


@pytest.mark.parametrize("command", sorted(REGISTRIES))
def test_every_registered_renderer_exists(command):
    registry = REGISTRIES[command]
    assert registry.default in registry.choices
    for name in registry.choices:
        assert name in FILE_FORMATS
        assert callable(registry.renderer(name)), f"{command} -f {name}"


@pytest.mark.parametrize("command", sorted(REGISTRIES))
def test_the_extension_picks_the_registered_format(command):
    registry = REGISTRIES[command]
    for name, kind in FILE_FORMATS.items():
        for ext in kind.extensions:
            for given in (ext, ext.upper()):
                if name in registry.choices:
                    assert registry.pick(None, f"out{given}") == name
                else:
                    with pytest.raises(InputError, match=f"is written as .*, not \\{ext}$"):
                        registry.pick(None, f"out{given}")
    assert registry.pick(None, "out") == registry.default
    assert registry.pick(None, None) == registry.default
    assert registry.pick(None, ".hidden") == registry.default  # a hidden name is a name
    for given in ("out.md.", "out.md ", "a.", "sub/x "):  # Windows drops the dot or space: not the format
        with pytest.raises(InputError, match=r": a name ending in a dot or a space, which Windows drops"):
            registry.pick(None, given)
    for name, kind in FILE_FORMATS.items():  # "-o .pdf": no name at all
        for ext in kind.extensions:
            for given in (ext, f"sub/{ext.upper()}"):
                said = rf"an extension without a name .* e\.g\. council\{ext}$" if name in registry.choices \
                    else f"is written as .*, not \\{ext}$"
                with pytest.raises(InputError, match=said):
                    registry.pick(None, given)
    for name in registry.choices:  # --format beats the extension, and aliases name the same format
        assert registry.pick(name, "out.odt") == name
        for alias in FILE_FORMATS[name].aliases:
            assert output_format.canonical(alias.upper()) == name


@pytest.mark.parametrize("command", sorted(REGISTRIES))
def test_a_binary_format_is_refused_on_standard_output_before_any_work(command):
    registry = REGISTRIES[command]
    for name in registry.choices:
        if FILE_FORMATS[name].binary:
            with pytest.raises(InputError, match=f"^a {name} {registry.what} is binary: give an output file"):
                registry.pick(name, None)
            with pytest.raises(InputError, match="is binary"):
                registry.pick(name, "-")
        else:
            assert registry.pick(name, None) == name


def test_the_enums_are_the_registrys(tmp_path):
    from backtofront.cohort import benchmark, compare
    from backtofront.render import formats, letter

    for enum_type, registry in ((formats.Format, output_format.ASSESS),
                                (letter.LetterFormat, output_format.LETTER),
                                (compare.Format, output_format.COMPARE),
                                (benchmark.Format, output_format.BENCHMARK)):
        assert tuple(dict.fromkeys(m.value for m in enum_type)) == registry.choices
    assert (formats.Format.MARKDOWN is formats.Format.MD
            and letter.LetterFormat.MARKDOWN is letter.LetterFormat.MD)


def test_an_unregistered_format_is_a_program_error():
    with pytest.raises(AssertionError, match="benchmark has no md format"):
        output_format.BENCHMARK.renderer("md")


# -- what each format looks like --------------------------------------------------------------------
def _words(text: str) -> str:
    return " ".join(html.unescape(text).replace("\\", "").split())


def _text_of(name: str, out: str | bytes, pdf_pages: list[str] | None = None) -> str:
    """The output's text, checked to be a well-formed `name` file. A PDF's is its first page's: read from
    `out` here, or given as `pdf_pages` (each page's text, which conftest's letter_pdf read from the same
    bytes with the same pypdf call)."""
    kind = FILE_FORMATS[name]
    assert isinstance(out, bytes) == kind.binary, f"{name}: {type(out).__name__}"
    assert out, f"empty {name}"
    if name == "json":
        data = json.loads(out)
        assert isinstance(data, dict | list) and data
        return json.dumps(data, ensure_ascii=False)
    if name == "html":
        assert out.lstrip().lower().startswith("<!doctype html") and out.rstrip().endswith("</html>")
    if name == "docx":
        import docx

        return "\n".join(p.text for p in docx.Document(io.BytesIO(out)).paragraphs)
    if name == "pdf":
        from pypdf import PdfReader

        assert out.startswith(b"%PDF-")
        return pdf_pages[0] if pdf_pages is not None else PdfReader(io.BytesIO(out)).pages[0].extract_text()
    if name == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(out), read_only=True)
        return " ".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                        for c in row if c is not None)
    if name == "yaml":
        assert isinstance(yaml.safe_load(out), dict)
    if name == "csv":
        assert len(list(csv.reader(io.StringIO(out)))) >= 2
    return out


# -- every profile, shared across the tests ------------------------------------------------------------
@pytest.fixture(scope="session")
def bundled(classifier):
    """Each bundled profile, classified once: key -> (Profile, Result)."""
    found = {}
    for path in EXAMPLES:
        loaded = profile_mod.load(path)
        found[path.stem] = (loaded, classifier.classify(loaded, source=str(path)))
    for number, case in cases_mod.load_all().items():
        found[f"case-{number}"] = (case.profile, classifier.classify(case.profile, source="case study "
                                                                                          f"{number}"))
    return found


@pytest.fixture(scope="session")
def shared(bundled, classifier):
    """Expensive intermediate products, each made once a session: shared(kind, key)."""
    made: dict[tuple[str, str], object] = {}

    def get(kind: str, key: str):
        if (kind, key) not in made:
            loaded, result = bundled[key]
            if kind == "letter":
                from backtofront.render import letter as letter_mod

                made[kind, key] = letter_mod.build(result, classifier.kb, letter_mod.Options())
            elif kind == "compare":
                from backtofront.cohort import compare as compare_mod

                made[kind, key] = compare_mod.compare([(f"{key}-then", loaded), (f"{key}-now", loaded)],
                                                      classifier)
            elif kind == "benchmark":
                from backtofront.cohort import benchmark as benchmark_mod

                made[kind, key] = benchmark_mod.run(loaded, key, None, classifier, warn=lambda line: None)
        return made[kind, key]
    return get


def _name(bundled, key: str) -> str:
    return _words(bundled[key][0].council.name)


@pytest.mark.parametrize("fmt", _registry_formats(output_format.ASSESS))
@pytest.mark.parametrize("key", PROFILES)
def test_assess_renders_every_profile(bundled, key, fmt):
    out = output_format.ASSESS.render(fmt, bundled[key][1], color=False, width=100, encoding=None, top=None,
                                      show_all=False, screen_only=False)
    assert _name(bundled, key) in _words(_text_of(fmt, out))


@pytest.mark.parametrize("fmt", _registry_formats(output_format.LETTER))
@pytest.mark.parametrize("key", PROFILES)
def test_letter_renders_every_profile(bundled, shared, example_pdf, letter_pdf, classifier, key, fmt):
    pages = None  # a PDF's pages as letter_pdf read them
    if fmt == "pdf" and not key.startswith("case-"):
        _, out, pages = example_pdf(key)
    elif fmt == "pdf":  # page 1 as `letter --case N --brief` draws it, through the registry (letter_pdf)
        from backtofront.render import letter as letter_mod

        options = letter_mod.Options(brief=True, date=LETTER_DATE, case=int(key.removeprefix("case-")))
        out, pages = letter_pdf(letter_mod.build(bundled[key][1], classifier.kb, options))
    else:
        out = output_format.LETTER.render(fmt, shared("letter", key), None)
    # a report's unnamed council ("A district council (Case study 4)"): "the district council of Case study 4"
    from backtofront.render.letter import named_in_letter

    assert named_in_letter(_name(bundled, key)).casefold() in _words(_text_of(fmt, out, pages)).casefold()


@pytest.mark.parametrize("fmt", _registry_formats(output_format.COMPARE))
@pytest.mark.parametrize("key", PROFILES)
def test_compare_renders_every_profile(bundled, shared, classifier, key, fmt):
    out = output_format.COMPARE.render(fmt, shared("compare", key), classifier.kb, color=False, width=100)
    assert _name(bundled, key) in _words(_text_of(fmt, out))


@pytest.mark.parametrize("fmt", _registry_formats(output_format.BENCHMARK))
@pytest.mark.parametrize("key", PROFILES)
def test_benchmark_renders_every_profile(bundled, shared, classifier, key, fmt):
    data, rows = shared("benchmark", key)
    out = output_format.BENCHMARK.render(fmt, data, rows, classifier.kb, color=False, width=100)
    assert _name(bundled, key) in _words(_text_of(fmt, out))


@pytest.mark.parametrize("fmt", _registry_formats(output_format.HANDOUT))
@pytest.mark.parametrize("number", CASES)
def test_handouts_render_every_case(number, fmt):
    council = _words(cases_mod.load_all()[number].profile.council.name)
    for kind in ("full", "worksheet", "model") if fmt != "pdf" else ("full",):
        text = _words(_text_of(fmt, output_format.HANDOUT.render(fmt, number, kind)))
        assert f"Case study {number}" in text or council in text


@pytest.mark.parametrize("fmt", _registry_formats(output_format.GRADE))
def test_grade_renders_every_case(tmp_path, fmt):
    """A student's answers to every case study, graded as one class."""
    from backtofront.classifier import reference
    from backtofront.render import classroom

    files = []
    for number in CASES:
        answers = {q.key: q.stage for q in reference.reference(number).questions}
        path = tmp_path / f"case{number}.yaml"
        path.write_text(yaml.safe_dump({"schema": "student-answers/1", "student": "A. Patel", "case": number,
                                        "answers": answers}), encoding="utf-8")
        files.append(str(path))
    grades = classroom.grade(files)
    assert not grades.bad_files and len(grades.students) == len(CASES)
    text = _words(_text_of(fmt, output_format.GRADE.render(fmt, grades, width=100)))
    assert "A. Patel" in text


@pytest.mark.parametrize("fmt", _registry_formats(output_format.KNOWLEDGE))
@pytest.mark.parametrize("topic", [None, "characteristics", "pressures", "barriers", "techniques",
                                   "case-studies",
                                   "profile-format", "figures"])
def test_knowledge_renders_every_topic(topic, fmt):
    text = _text_of(fmt, output_format.KNOWLEDGE.render(fmt, topic, to_file=True))
    if fmt == "text":
        assert (topic or "characteristics").replace("-", " ") in text.lower()
    if fmt == "json":
        assert set(json.loads(text)) == ({topic} if topic else
                                          {"characteristics", "pressures", "barriers", "techniques",
                                           "case-studies",
                                           "figures"})


def _first_question() -> str:
    from backtofront.classifier import questions

    return questions.load().questions[0].text


@pytest.mark.parametrize("command, args, needle", [
    ("rules", (), "BT101"),
    ("checklist", ([1, 2, 3],), "Checklist 3"),
    ("example", (), "assessed_on"),
    ("questions", (), "FIRST QUESTION"),
])
def test_the_other_commands_render_every_format(command, args, needle):
    registry = REGISTRIES[command]
    options = {"rules": {"to_file": True}, "checklist": {"to_file": True}, "example": {},
               "questions": {"color": False, "width": 100}}[command]
    needle = _words(_first_question() if needle == "FIRST QUESTION" else needle)
    for fmt in registry.choices:
        assert needle in _words(_text_of(fmt, registry.render(fmt, *args, **options))), (command, fmt)


# -- through the command line: the extension picks the format, the format its renderer -----------------
COMMAND_LINES = {
    "assess": ["assess", "--case", "7"],
    "letter": ["letter", "--case", "7", "--brief"],
    "knowledge": ["knowledge", "techniques"],
    "rules": ["rules"],
    "cases show": ["cases", "show", "7", "--handout", "worksheet"],
    "walkthrough": ["walkthrough", "--case", "7", "--handout", "model"],
    "grade": ["grade", str(STUDENT)],
    "checklist": ["checklist", "2"],
    "example": ["example"],
    "questions": ["questions"],
    "compare": ["compare", str(ROOT / "examples" / "district-transitional.yaml"),
                str(ROOT / "examples" / "district-transitional.yaml")],
    "benchmark": ["benchmark", "--case", "7"],
}


@pytest.mark.parametrize("command", sorted(set(REGISTRIES) - {"batch --letters"}))
def test_each_format_from_the_command_line_by_its_extension(run_cli, tmp_path, command):
    registry = REGISTRIES[command]
    assert set(COMMAND_LINES) == set(REGISTRIES) - {"batch --letters"}
    for name in registry.choices:
        target = tmp_path / f"out{FILE_FORMATS[name].extensions[-1]}"
        code, _, err = run_cli(*COMMAND_LINES[command], "-o", str(target))
        assert code == 0, (command, name, err)
        _text_of(name, target.read_bytes() if FILE_FORMATS[name].binary
                 else target.read_text(encoding="utf-8"))
    binary = [name for name in registry.choices if FILE_FORMATS[name].binary]
    for name in binary:
        code, out, err = run_cli(*COMMAND_LINES[command], "-f", name.upper())
        assert code == 2 and out == "" and err.splitlines() == [
            f"Error: a {name} {registry.what} is binary: give an output file with -o FILE"]


def test_batch_letters_take_the_registrys_names(run_cli, tmp_path):
    councils = tmp_path / "in"
    councils.mkdir()
    (councils / "a.yaml").write_bytes(EXAMPLES[0].read_bytes())
    code, _, err = run_cli("batch", str(councils), "-o", str(tmp_path / "out"), "--letters", "Markdown", "-j",
                           "1")
    assert code == 0, err
    assert (tmp_path / "out" / "a.md").read_text(encoding="utf-8").strip()
    code, _, err = run_cli("batch", str(councils), "-o", str(tmp_path / "out2"), "--letters", "odt")
    assert code == 2 and "md" in err and "pdf" in err and len(err.splitlines()) == 1


def test_an_output_named_only_by_its_extension_is_refused_before_any_work(run_cli, tmp_path, monkeypatch):
    """`-o .pdf` (the name forgotten) would be a hidden file, and Python reads it as having no extension."""
    monkeypatch.chdir(tmp_path)
    example = str(ROOT / "examples" / "district-transitional.yaml")
    for args in (["letter", example, "-o", ".pdf"], ["assess", example, "-o", ".json"]):
        code, out, err = run_cli(*args)
        assert code == 2 and out == "", err
        assert err == (f"Error: {args[-1]}: an extension without a name (it would be a hidden file); "
                       f"give the file a name, e.g. council{args[-1]}\n")
    assert list(tmp_path.iterdir()) == []
