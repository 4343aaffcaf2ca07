"""argparse speaking Chinese like the rest of the command line: its usage line, headings and errors.

argparse builds every message of its own from an English template passed through gettext (its module
names ``_`` and ``ngettext``), and formats most of them long before ``error`` sees them: a translation
of the finished text would have to parse English back. So :class:`ArgumentParser` puts this module's
templates in the place of gettext for the duration of each of its own calls, and puts gettext back
after — nothing outside the command line's parsers sees Chinese, a template not listed here stays
English. The translations keep argparse's placeholders; a ``%r`` becomes a quoted ``%s``, since the
quotes of Chinese text are “ ”. argparse joins the names of missing arguments itself (with ", ", or a
space for a group), after the template is translated; :meth:`ArgumentParser.error` joins them again with
the 顿号 that GB/T 15834 sets between items of a list.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

MESSAGES: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 须给出其中一个",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值“%(value)s”（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "取值“%(value)s”无效（应为 %(type)s）",
    "expected one argument": "应给出一个取值",
    "expected at most one argument": "至多给出一个取值",
    "expected at least one argument": "应至少给出一个取值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "该选项不接受取值“%s”",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知命令“%(parser_name)s”（可用：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURAL_MESSAGES: dict[str, str] = {"expected %s argument": "应给出 %s 个取值"}
# the translated templates whose %s argparse fills with names it joined itself, and its separator
LISTS: dict[str, str] = {
    MESSAGES["the following arguments are required: %s"]: ", ",
    MESSAGES["one of the arguments %s is required"]: " ",
}
LIST_SEPARATOR = "、"


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    if singular in PLURAL_MESSAGES:
        return PLURAL_MESSAGES[singular]
    return singular if count == 1 else plural


@contextmanager
def chinese_messages() -> Iterator[None]:
    """argparse's own templates in Chinese while the block runs; reentrant (a subcommand's parser
    runs inside its parent's call)."""
    module: Any = argparse  # the two names argparse imported from gettext
    saved = module._, module.ngettext
    module._, module.ngettext = translate, translate_plural
    try:
        yield
    finally:
        module._, module.ngettext = saved


Result = TypeVar("Result")


def _in_chinese(call: Callable[[], Result]) -> Result:
    with chinese_messages():
        return call()


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with a full-width colon after each heading (``选项：``)."""

    class _Section(argparse.HelpFormatter._Section):  # type: ignore[name-defined]
        def format_help(self) -> str:
            text: str = super().format_help()
            if self.heading and self.heading is not argparse.SUPPRESS:
                text = text.replace(f"{self.heading}:\n", f"{self.heading}：\n", 1)
            return text


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose own messages are Chinese; its subcommands' parsers are of this class too
    (``add_subparsers`` makes them of the parent's class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        with chinese_messages():  # the headings and the -h help are translated when the parser is made
            super().__init__(*args, **kwargs)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        # "unrecognized arguments" is said here, after parse_known_args has returned
        return _in_chinese(lambda: super(ArgumentParser, self).parse_args(args, namespace))

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        return _in_chinese(lambda: super(ArgumentParser, self).parse_known_args(args, namespace))

    def format_usage(self) -> str:
        return _in_chinese(super().format_usage)

    def format_help(self) -> str:
        return _in_chinese(super().format_help)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # argparse lists the choices as Python reprs ('text', 'json'); a reader wants the words alone
        if action.choices is not None and value not in action.choices:
            choices = "、".join(map(str, action.choices))
            raise argparse.ArgumentError(action, f"无效的取值“{value}”（可选：{choices}）")

    def error(self, message: str) -> NoReturn:
        with chinese_messages():
            super().error(self._listed(message))

    def _listed(self, message: str) -> str:
        """The message with argparse's list of argument names joined by 「、」, when it is one of
        :data:`LISTS`. The list is read back against the names of this parser's arguments, not split at
        the separator, so a metavar such as ``A, B`` stays whole; a list that does not read so is left as
        argparse made it."""
        for template, separator in LISTS.items():
            head, _, tail = template.partition("%s")
            if not (message.startswith(head) and message.endswith(tail)):
                continue
            listed = message[len(head):len(message) - len(tail)]
            names = _split_names(listed, separator, [_action_name(action) for action in self._actions])
            if names is not None:
                return head + LIST_SEPARATOR.join(names) + tail
        return message


def _action_name(action: argparse.Action) -> str:
    # argparse's own naming of an argument in its messages: the metavar, the dest or the option strings
    name: str | None = argparse._get_action_name(action)
    return name or ""


def _split_names(listed: str, separator: str, known: list[str]) -> list[str] | None:
    """``listed`` cut back into the names argparse joined with ``separator``, each one a name in
    ``known`` taken in order (argparse lists them in the order they were added); None when it does not
    read so."""
    names: list[str] = []
    rest = listed
    for name in known:
        if not name or not rest.startswith(name):
            continue
        after = rest[len(name):]
        if after and not after.startswith(separator):
            continue  # a name that merely begins another one (IN and INPUT)
        names.append(name)
        rest = after[len(separator):]
        if not after:
            return names
    return None
