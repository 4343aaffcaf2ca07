"""``[tool.auditor]`` in the nearest pyproject.toml, its validation, and command-line overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.config import Config, ConfigError, default_jobs, load_config
from tests.run.conftest import REPO


def write_pyproject(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f'[project]\nname = "x"\n\n[tool.auditor]\n{body}\n', encoding="utf-8")
    return path


def test_defaults_without_a_pyproject(tmp_path: Path):
    config = load_config(tmp_path)
    assert config.fail_on == "error" and config.letters == ("html", "md") and config.letter_date is None
    assert config.jobs == default_jobs() >= 1


def test_settings_are_read_from_the_nearest_pyproject_above(tmp_path: Path):
    write_pyproject(tmp_path, '\n'.join([
        'out = "letters"', 'letters = ["md"]', 'fail_on = "warning"', 'jobs = 3', 'templates = "tpl"',
        'issuing_office = "测试市政务公开办"', 'recipient_suffix = "办公室"', 'rectification_days = 15',
        'letter_date = 2024-03-01', 'letter_number_prefix = "测政公函〔2024〕"']))
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = load_config(nested)
    assert config == Config(out=tmp_path / "letters", letters=("md",), fail_on="warning", jobs=3,
                            templates=tmp_path / "tpl", issuing_office="测试市政务公开办",
                            recipient_suffix="办公室", rectification_days=15, letter_date=dt.date(2024, 3, 1),
                            letter_number_prefix="测政公函〔2024〕")


def test_letter_date_may_be_a_string_or_empty(tmp_path: Path):
    write_pyproject(tmp_path, 'letter_date = "2024-12-31"')
    assert load_config(tmp_path).letter_date == dt.date(2024, 12, 31)
    write_pyproject(tmp_path, 'letter_date = ""')
    assert load_config(tmp_path).letter_date is None


def test_the_projects_own_defaults_are_valid():
    config = load_config(REPO)
    assert config.issuing_office and config.rectification_days > 0


@pytest.mark.parametrize(("body", "words"), [
    ('rectification_day = 30', ["rectification_day", "未知配置项", "rectification_days"]),
    ('fail_on = "fatal"', ["fail_on", "fatal"]),
    ('letters = ["rtf"]', ["letters", "rtf"]),
    ('letters = "html"', ["letters"]),
    ('jobs = 0', ["jobs"]),
    ('jobs = true', ["jobs"]),
    ('rectification_days = "30"', ["rectification_days"]),
    ('letter_date = "next week"', ["letter_date"]),
    ('issuing_office = 1', ["issuing_office"]),
])
def test_bad_settings_are_clear_errors(tmp_path: Path, body: str, words: list[str]):
    path = write_pyproject(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_broken_toml_is_a_clear_error(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.auditor\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="无法读取配置"):
        load_config(tmp_path)


def test_command_line_overrides_win_and_none_keeps_the_file_value(tmp_path: Path):
    write_pyproject(tmp_path, 'fail_on = "warning"\njobs = 3')
    config = load_config(tmp_path).with_overrides(fail_on="never", jobs=None, letters=())
    assert (config.fail_on, config.jobs, config.letters) == ("never", 3, ())
    with pytest.raises(ConfigError, match="jobs"):
        Config().with_overrides(jobs=-1)


def test_worker_jobs_are_capped_at_a_multiple_of_the_cpus():
    from auditor.config import JOBS_PER_CPU, default_jobs, max_jobs

    assert max_jobs() == default_jobs() * JOBS_PER_CPU
    assert Config(jobs=500).worker_jobs == max_jobs()
    assert Config(jobs=1).worker_jobs == 1
