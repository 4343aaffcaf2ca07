"""Nothing escapes on the way out: hostile reports become escaped letters with safe, unique file names,
valid JSON and SARIF; an interrupted write leaves the old file and no half-written one.

Covered elsewhere, and not repeated here: escaping of a hand-made hostile agency and report text
(tests/run/test_render.py, tests/run/test_end_to_end.py), byte-identical reruns (tests/run/test_cli.py),
a fixed list of hostile file names, the atomic write's success path (tests/run/test_render.py), the
sandbox refusing ``__class__`` and template errors naming file and line (tests/run/test_cli.py).
"""

from __future__ import annotations

import functools
import json
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from auditor.batch.run import audit
from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.filenames import STEM_LIMIT, safe_stem
from auditor.render.files import write_atomic
from auditor.render.letters import render_letters
from auditor.render.output_json import dumps
from auditor.render.sarif import dumps_sarif
from auditor.render.templating import TemplateRenderError, render, render_pieces
from auditor.render.view import build_letters
from tests.fuzz.harness import REPO, fuzz_settings, preloaded_rules, time_limit, warm_up
from tests.fuzz.mutations import AGENCIES, Case, cases, retitle
from tests.fuzz.seeds import seeds
from tests.run.conftest import hand_result

# Elements no letter template writes: one in a letter means report text got through unescaped.
FORBIDDEN_TAGS = frozenset({"script", "img", "iframe", "object", "embed", "svg", "math", "form", "input",
                            "base", "link", "x-fuzz"})


class _Markup(HTMLParser):
    """The elements and attributes a page really has (escaped text has none)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def markup_of(page: str) -> _Markup:
    parser = _Markup()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


@functools.cache
def output_schema() -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "auditor" / "schema" / "output.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def audit_folder(folder: Path):
    return audit([REPO / "rules"], [folder], Config(jobs=1), load=preloaded_rules)  # loaded once, not per case


@fuzz_settings(examples=40)
@given(cases(seeds(), max_steps=2), st.lists(st.sampled_from(AGENCIES) | st.text(max_size=30), min_size=1,
                                             max_size=3))
def test_hostile_reports_render_escaped_letters_with_safe_names(case: Case, agencies: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for index, agency in enumerate(agencies):  # several reports: names must stay unique
            Path(folder, f"{index}{case.suffix}").write_bytes(retitle(case.data, agency))
        with time_limit(20.0):
            result = audit_folder(Path(folder))
            outputs = render_letters(make_environment(), result, Config())
            output_schema().validate(json.loads(dumps(result)))
            json.loads(dumps_sarif(result))
    names = [output.name for output in outputs]
    assert len(set(names)) == len(names)
    for name in names:
        assert "/" not in name and "\\" not in name and not name.startswith(".") and ".." not in name
        assert all(unicodedata.category(char)[0] != "C" for char in name) and len(name) <= STEM_LIMIT + 20
    pages = [output.text for output in outputs if output.name.endswith(".html") and output.name != "index.html"]
    index = next(output.text for output in outputs if output.name == "index.html")
    # the index's own filter box and its sorting script come after everything that holds report text
    own = index.index("</table>\n<script>")
    assert index.count("<script>") == 1 and not markup_of(index[own:]).attributes
    for page, forbidden in [*((page, FORBIDDEN_TAGS) for page in pages), (index[:own], FORBIDDEN_TAGS - {"input"})]:
        markup = markup_of(page)
        assert not markup.tags & forbidden
        assert not [name for name, _ in markup.attributes if name.startswith("on")]
        assert not [value for _, value in markup.attributes if value.strip().lower().startswith("javascript:")]
    letters = "".join(output.text for output in outputs
                      if output.name.endswith(".html") and output.name not in {"index.html", "worksheet.html"})
    worksheet = next(output.text for output in outputs if output.name == "worksheet.html")
    # nothing is lost: every claim of an audited report reaches a letter, every reading note and every file
    # not audited the worksheet; a note never reaches a letter
    for report in result.reports:
        for finding in report.findings:
            message = str(escape(finding.message))
            assert (message in letters) == (finding.is_claim and report.audited), finding.rule_id
            if not finding.is_claim or not report.audited:
                assert message in worksheet, finding.rule_id


@fuzz_settings(examples=300)
@given(st.text(max_size=200), st.text(max_size=20))
def test_any_agency_name_becomes_a_safe_stable_file_name(name: str, key: str) -> None:
    stem = safe_stem(name, key)
    assert stem == safe_stem(name, key)
    assert "/" not in stem and "\\" not in stem and ".." not in stem and not stem.startswith(".")
    assert stem.isprintable() and not any(char.isspace() for char in stem)
    assert len(stem) <= STEM_LIMIT + 7
    assert not set(stem) & set(':*?"<>|')
    assert safe_stem(name, key + "x") != stem  # the key's digest keeps two agencies apart


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError, MemoryError])
def test_an_interrupted_write_leaves_the_old_letter_and_no_temporary_file(tmp_path: Path,
                                                                           interruption: type) -> None:
    target = tmp_path / "letter.html"
    write_atomic(target, "旧的审核意见书")

    def pieces():  # a letter written piece by piece, interrupted after the first piece reached the disk
        yield "新的审核意见书" * 1000
        raise interruption()

    with pytest.raises(interruption):
        write_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "旧的审核意见书"
    assert [path.name for path in tmp_path.iterdir()] == ["letter.html"]


def test_an_interrupted_first_write_leaves_no_file_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out" / "letter.md"
    with mock.patch("os.replace", side_effect=KeyboardInterrupt), pytest.raises(KeyboardInterrupt):
        write_atomic(target, "审核意见书")
    assert list(target.parent.iterdir()) == []


SANDBOX_ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ letter.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.system('true') }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ self._TemplateReference__context }}",
    "{{ letter.reports.__class__.__base__ }}",
    "{% for x in range(10**9) %}{% endfor %}",
    "{{ letter.agency.format_map }}{{ '{0.__class__}'.format(letter) }}",
]


@pytest.mark.parametrize("body", SANDBOX_ESCAPES)
def test_sandbox_escapes_are_template_errors_naming_file_and_line(tmp_path: Path, body: str) -> None:
    (tmp_path / "letter.md.j2").write_text(f"# 标题\n\n{body}\n", encoding="utf-8")
    letter = build_letters(hand_result(), Config())[0]
    with pytest.raises(TemplateRenderError) as raised:
        render(make_environment(tmp_path), "letter.md.j2", letter=letter)
    assert str(raised.value).startswith("模板错误：letter.md.j2 第3行：")


def test_an_error_in_an_included_template_names_the_included_file(tmp_path: Path) -> None:
    (tmp_path / "letter.md.j2").write_text("# 标题\n{% include 'part.md.j2' %}\n", encoding="utf-8")
    (tmp_path / "part.md.j2").write_text("一\n二\n{{ 1 // 0 }}\n", encoding="utf-8")
    letter = build_letters(hand_result(), Config())[0]
    with pytest.raises(TemplateRenderError) as raised:
        render(make_environment(tmp_path), "letter.md.j2", letter=letter)
    assert str(raised.value).startswith("模板错误：part.md.j2 第3行：") and "ZeroDivisionError" in str(raised.value)


# ---------------------------------------------------------------------- templates that hang or read files
def _letter_error(folder: Path, body: str, **options: float) -> str:
    (folder / "letter.md.j2").write_text(f"# 标题\n\n{body}\n", encoding="utf-8")
    letter = build_letters(hand_result(), Config())[0]
    with pytest.raises(TemplateRenderError) as raised:
        render(make_environment(folder, **options), "letter.md.j2", letter=letter)
    return str(raised.value)


def test_nested_range_loops_stop_at_the_iteration_budget_naming_the_template(tmp_path: Path) -> None:
    # Found by hostile testing: this ran until killed.
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    message = _letter_error(tmp_path, loops)
    assert message.startswith("模板错误：letter.md.j2 第3行：") and "循环次数超过上限" in message


def test_a_rendering_stops_at_its_time_limit_naming_the_template(tmp_path: Path) -> None:
    # 10^10 iterations without range: no machine finishes them in a second.
    body = "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}"
    message = _letter_error(tmp_path, body, render_seconds=1)
    assert message.startswith("模板错误：letter.md.j2") and "超过时限（1秒）" in message


@pytest.mark.parametrize("body", ["{{ 'x' * 100000000 }}", "{{ [1] * 100000000 }}", "{{ 10 ** 100000 }}"])
def test_repetition_and_powers_are_bounded(tmp_path: Path, body: str) -> None:
    assert _letter_error(tmp_path, body).startswith("模板错误：letter.md.j2 第3行：")


def test_piecewise_rendering_is_bounded_and_gives_what_rendering_gives(tmp_path: Path) -> None:
    (tmp_path / "page.html.j2").write_text("{% for i in range(10000) %}<p>{{ i }}</p>\n{% endfor %}", encoding="utf-8")
    (tmp_path / "hang.html.j2").write_text("{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}"
                                           "{% endfor %}", encoding="utf-8")
    env = make_environment(tmp_path, render_seconds=None)  # no limit where a busy machine could hit it
    pieces = list(render_pieces(env, "page.html.j2"))
    assert len(pieces) > 1 and "".join(pieces) == render(env, "page.html.j2")
    with pytest.raises(TemplateRenderError, match=r"hang\.html\.j2.*超过时限"):
        list(render_pieces(make_environment(tmp_path, render_seconds=1), "hang.html.j2"))


@pytest.mark.parametrize("linked", ["letter.md.j2", "part.md.j2"])
def test_a_template_that_resolves_outside_the_folder_is_refused(tmp_path: Path, linked: str) -> None:
    # Found by hostile testing: a symlink in the template folder put /etc/passwd into every letter.
    folder = tmp_path / "templates"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET", encoding="utf-8")
    if linked == "part.md.j2":
        (folder / "letter.md.j2").write_text("# 标题\n{% include 'part.md.j2' %}\n", encoding="utf-8")
    (folder / linked).symlink_to(secret)
    letter = build_letters(hand_result(), Config())[0]
    with pytest.raises(TemplateRenderError) as raised:
        render(make_environment(folder), "letter.md.j2", letter=letter)
    assert linked in str(raised.value) and "模板文件夹以外" in str(raised.value)
    assert "SECRET" not in str(raised.value)


def test_a_symlink_to_a_template_inside_the_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "mine.md.j2").write_text("# {{ letter.agency }}\n", encoding="utf-8")
    (tmp_path / "letter.md.j2").symlink_to(tmp_path / "mine.md.j2")
    letter = build_letters(hand_result(), Config())[0]
    assert render(make_environment(tmp_path), "letter.md.j2", letter=letter) == f"# {letter.agency}\n"
