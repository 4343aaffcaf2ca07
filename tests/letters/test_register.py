"""The 发文登记: a re-run keeps every 发文字号, a new letter takes the next one, none is given twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from auditor.batch.results import AuditResult, ReportIdentity, ReportResult
from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import write_letters
from auditor.render.register import REGISTER_FILE, LetterKey, Register, RegisterError, Wanted
from tests.run.conftest import hand_result

CONFIG = Config(letter_number_prefix="×政公办函", letter_date=dt.date(2025, 3, 1), letter_number_start=7)


def numbers(out: Path) -> dict[tuple[str, tuple[int, ...]], str]:
    data = json.loads((out / REGISTER_FILE).read_text(encoding="utf-8"))
    return {(entry["organ_key"], tuple(entry["years"])): entry["doc_number"] for entry in data["numbers"]}


def with_report(result: AuditResult, agency: str, year: int) -> AuditResult:
    source = f"in/{agency}-{year}.txt"
    extra = ReportResult(ReportIdentity.of(source, agency, year=year, format_version="2021"), effective_format="2021")
    return dataclasses.replace(result, reports=(*result.reports, extra))


def test_numbers_follow_the_configured_prefix_year_and_start(tmp_path: Path):
    write_letters(make_environment(), hand_result(), CONFIG, tmp_path)
    given = sorted(numbers(tmp_path).values())
    assert given == ["×政公办函〔2025〕7号", "×政公办函〔2025〕8号", "×政公办函〔2025〕9号"]
    letter = next(path for path in tmp_path.glob("上英镇-*.html")).read_text(encoding="utf-8")
    number = numbers(tmp_path)[("上英镇", (2020, 2021))]
    assert f'<p class="doc-number">{number}</p>' in letter


def test_a_rerun_keeps_every_number_and_a_new_agency_takes_the_next(tmp_path: Path):
    write_letters(make_environment(), hand_result(), CONFIG, tmp_path)
    first = numbers(tmp_path)
    # 一个排在最前的新机关: by name it would be letter 1, but the numbers given stay with their letters
    grown = with_report(hand_result(), "阿坝县人民政府", 2021)
    write_letters(make_environment(), grown, CONFIG, tmp_path)
    second = numbers(tmp_path)
    assert {key: second[key] for key in first} == first
    assert second[("阿坝县", (2021,))] == "×政公办函〔2025〕10号"


def test_a_number_is_never_given_twice_even_when_its_agency_drops_out(tmp_path: Path):
    write_letters(make_environment(), hand_result(), CONFIG, tmp_path)
    first = numbers(tmp_path)
    fewer = dataclasses.replace(hand_result(), reports=hand_result().reports[:2])  # 上英镇 only
    write_letters(make_environment(), with_report(fewer, "新设局", 2021), CONFIG, tmp_path)
    second = numbers(tmp_path)
    assert len(set(second.values())) == len(second) == len(first) + 1
    assert second[("新设局", (2021,))] == "×政公办函〔2025〕10号"


def test_a_letter_for_another_report_year_is_another_letter(tmp_path: Path):
    write_letters(make_environment(), hand_result(), CONFIG, tmp_path)
    later = with_report(hand_result(), "上英镇人民政府", 2022)  # 上英镇 now covers 2020–2022
    write_letters(make_environment(), later, CONFIG, tmp_path)
    assert numbers(tmp_path)[("上英镇", (2020, 2021, 2022))] == "×政公办函〔2025〕10号"


def test_a_prefix_with_its_own_year_keeps_it():
    register = Register()
    got = register.assign([Wanted(LetterKey("甲", (2024,)), "甲")], "×政公办函〔2024〕", 2026)
    assert got == {LetterKey("甲", (2024,)): "×政公办函〔2024〕1号"}


def test_the_year_is_kept_when_the_number_was_given_in_an_earlier_year():
    register = Register()
    register.assign([Wanted(LetterKey("甲", (2024,)), "甲")], "×政", 2025)
    got = register.assign([Wanted(LetterKey("甲", (2024,)), "甲"), Wanted(LetterKey("乙", (2024,)), "乙")], "×政", 2026)
    assert got == {LetterKey("甲", (2024,)): "×政〔2025〕1号", LetterKey("乙", (2024,)): "×政〔2026〕1号"}


def test_no_prefix_no_number_and_no_register(tmp_path: Path):
    write_letters(make_environment(), hand_result(), Config(), tmp_path)
    assert not (tmp_path / REGISTER_FILE).exists()
    assert 'class="doc-number"' not in next(tmp_path.glob("上英镇-*.html")).read_text(encoding="utf-8")


@pytest.mark.parametrize("content", ["{", '{"numbers": [{"organ_key": "甲"}]}', '{"numbers": 3}'])
def test_a_damaged_register_is_a_clear_error(tmp_path: Path, content: str):
    (tmp_path / REGISTER_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(RegisterError, match=r"发文登记文件 .*请修复或移走该文件"):
        write_letters(make_environment(), hand_result(), CONFIG, tmp_path)
