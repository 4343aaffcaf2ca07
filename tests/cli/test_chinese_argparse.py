"""argparse's own messages in Chinese: the usage line, the headings and each error a user meets."""

from __future__ import annotations

import argparse

import pytest

from auditor.cli import main
from auditor.cli.chinese_argparse import ArgumentParser


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


@pytest.mark.parametrize(("argv", "said"), [
    ([], "audit：错误：缺少必需的参数：COMMAND"),
    (["run"], "audit run：错误：缺少必需的参数：RULES、INPUT"),
    (["waive", "0123456789abcdef"], "audit waive：错误：缺少必需的参数：--reason、--reviewer"),
    (["frob"], "audit：错误：参数 COMMAND：无效的取值“frob”（可选：run、parse、rules、waive）"),
    (["run", "rules", "in", "--format", "xml"],
     "参数 --format：无效的取值“xml”（可选：text、json、sarif、csv、github）"),
    (["run", "rules", "in", "--bogus"], "audit：错误：无法识别的参数：--bogus"),
    (["run", "rules", "in", "--jobs"], "audit run：错误：参数 --jobs：应给出一个取值"),
])
def test_usage_errors_are_in_chinese(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]):
    err = usage_error(argv, capsys)
    assert err.startswith("用法：audit")
    assert said in err
    assert not any(english in err for english in ("usage:", "error:", "the following", "invalid choice",
                                                  "unrecognized", "expected one"))
    assert ", " not in err.splitlines()[-1]  # GB/T 15834: the items of a list are set apart by 「、」


def chinese_error(parser: ArgumentParser, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(argv)
    return capsys.readouterr().err.splitlines()[-1]


def test_missing_arguments_are_listed_with_the_enumeration_comma(capsys: pytest.CaptureFixture[str]):
    parser = ArgumentParser(prog="p")
    parser.add_argument("IN")
    parser.add_argument("INPUT")  # a name that begins with another name
    parser.add_argument("--out", "-o", required=True)
    assert chinese_error(parser, [], capsys) == "p：错误：缺少必需的参数：IN、INPUT、--out/-o"
    assert chinese_error(parser, ["a", "-o", "x"], capsys) == "p：错误：缺少必需的参数：INPUT"
    group = ArgumentParser(prog="g")
    either = group.add_mutually_exclusive_group(required=True)
    either.add_argument("--json")
    either.add_argument("--sarif")
    assert chinese_error(group, [], capsys) == "g：错误：参数 --json、--sarif 须给出其中一个"


def test_a_name_holding_the_separator_stays_whole(capsys: pytest.CaptureFixture[str]):
    parser = ArgumentParser(prog="p")
    parser.add_argument("first", metavar="A, B")
    parser.add_argument("second", metavar="C")
    assert chinese_error(parser, [], capsys) == "p：错误：缺少必需的参数：A, B、C"


def test_help_headings_are_in_chinese(capsys: pytest.CaptureFixture[str]):
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：audit run [-h]")
    assert "\n位置参数：\n" in out and "\n选项：\n" in out and "-h, --help            显示本帮助并退出" in out
    assert not any(english in out for english in ("usage:", "options:", "positional arguments", "show this help"))
    assert main(["--help"]) == 0
    assert "--version   显示版本号并退出" in capsys.readouterr().out


def test_argparse_elsewhere_keeps_its_own_language(capsys: pytest.CaptureFixture[str]):
    main(["run"])  # the Chinese templates are put back when the command line is parsed
    capsys.readouterr()
    plain = argparse.ArgumentParser(prog="other")
    plain.add_argument("thing")
    with pytest.raises(SystemExit):
        plain.parse_args([])
    assert "other: error: the following arguments are required: thing" in capsys.readouterr().err
    plain.add_argument("other")
    with pytest.raises(SystemExit):
        plain.parse_args([])
    assert "other: error: the following arguments are required: thing, other" in capsys.readouterr().err
    assert plain.format_help().startswith("usage: other")
