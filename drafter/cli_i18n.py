"""Chinese for the frame words that click and typer print around our own help texts.

typer (with its vendored click) hard-codes English for "Usage:", "Show this message
and exit." and usage errors, and computes its panel titles once at import. We use
its extension points where they exist (command classes, the rich_utils panel
constants) and translate usage-error messages by pattern; anything not covered stays
English rather than breaking. Called once by :mod:`drafter.cli`.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import re

ZH = {
    "Usage:": "用法： ",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Error": "错误",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行 [blue]“{command_path} {help_option}”[/] 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing argument '{param_name}'.": "缺少参数“{param_name}”。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选范围 {choices} 内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "Error: {message}": "错误：{message}",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "default: {default}": "默认：{default}",
    "[default: {}]": "[默认：{}]",
    "required": "必填",
    "[required]": "[必填]",
    "(deprecated) ": "（已弃用）",
    "env var: {var}": "环境变量：{var}",
    "[env var: {}]": "[环境变量：{}]",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Path": "路径",
    "File": "文件",
    "Directory": "文件夹",
}


def _zh(message: str) -> str:
    return ZH.get(message, message)


# Usage errors come from click (or typer's vendored copy) as formatted English, some built
# from pieces ("No such command 'x'. Did you mean 'y'?"): each piece is replaced where it occurs.
_ERROR_PATTERNS = (
    (re.compile(r"Missing argument '([^']+)'\.?"), "缺少参数“{0}”。"),
    (re.compile(r"Missing option '([^']+)'\.?"), "缺少选项“{0}”。"),
    (re.compile(r"Missing parameter:? '?([^'.]+)'?\.?"), "缺少参数“{0}”。"),
    (re.compile(r"No such option: (\S+)"), "没有选项：{0}"),
    (re.compile(r"No such command '([^']+)'\.?"), "没有命令“{0}”。"),
    (re.compile(r"Option '([^']+)' requires an argument\.?"), "选项“{0}”需要一个取值。"),
    (re.compile(r"Option '([^']+)' requires (\d+) arguments\.?"), "选项“{0}”需要 {1} 个取值。"),
    (re.compile(r"Option '([^']+)' does not take a value\.?"), "选项“{0}”不带取值。"),
    (re.compile(r"Got unexpected extra arguments? ?(?:\(s\))? \((.+)\)"), "多余的参数：{0}"),
    (re.compile(r"Missing command\.?"), "缺少命令。"),
    (re.compile(r"\.? ?Did you mean (.+)\?"), "您是不是想用 {0}？"),
    (re.compile(r"\(Possible options: (.+)\)"), "（可选：{0}）"),
    (re.compile(r"Invalid value for '([^']+)': (.+)"), "“{0}”的取值无效：{1}"),
    (re.compile(r"'([^']+)' is not a valid (integer|float|boolean)\.?"), "“{0}”不是有效的{1}。"),
    (re.compile(r"'([^']+)' is not one of (.+)\.?"), "“{0}”不在可选范围 {1} 内。"),
    (re.compile(r"Path '([^']+)' does not exist\.?"), "路径“{0}”不存在。"),
    (re.compile(r"^Aborted!?\.?$"), "已中止。"),
)
_ZH_WORDS = {"integer": "整数", "float": "数字", "boolean": "true/false 值"}


def translate_error(message: str) -> str:
    """Every known English piece of a click usage error replaced by its Chinese."""
    for pattern, zh in _ERROR_PATTERNS:
        message = pattern.sub(lambda m, zh=zh: zh.format(*(_ZH_WORDS.get(g, g) for g in m.groups())), message)
    return message.replace("。。", "。").replace("”。，", "”，")


def _click_modules():
    """The click that typer uses: its vendored copy (typer ≥ 0.20) or click itself."""
    for name in ("typer._click", "click"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


_RICH_CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ENVVAR_STRING": "[env var: {}]",
    "DEPRECATED_STRING": "(deprecated) ",
}


def _patch_rich(rich_utils) -> None:
    for constant, english in _RICH_CONSTANTS.items():
        if hasattr(rich_utils, constant):
            setattr(rich_utils, constant, _zh(english))


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Translates typer.rich_utils' constants the moment typer imports it.

    typer imports rich_utils (and with it rich's markdown, syntax and traceback modules,
    ~65 ms) only to print help or an error; importing it here just to patch it would make
    every run pay for that.
    """

    name = "typer.rich_utils"

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            _patch_rich(module)

        loader.exec_module = exec_and_patch
        return spec


def install() -> None:
    """Translate typer's panel titles and click's usage errors (idempotent)."""
    import sys

    if "typer.rich_utils" in sys.modules:
        _patch_rich(sys.modules["typer.rich_utils"])
    elif not any(isinstance(f, _PatchOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())
    for name in ("typer.core", "click.core", "click.exceptions", "click.decorators", "click.formatting"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "_", None) is not None and getattr(module._, "__module__", "") == "gettext":
            module._ = _zh  # these modules look their strings up through gettext at call time
    click = _click_modules()
    if click is None:
        return
    exceptions = importlib.import_module(f"{click.__name__}.exceptions")
    base = exceptions.ClickException
    if not getattr(base, "_drafter_zh", False):
        # typer's vendored click puts format_message on a base class of its own (TyperException)
        ancestors = [c for c in base.__mro__ if c not in (Exception, BaseException, object)]
        for cls in dict.fromkeys((*ancestors, *_subclasses(base))):
            original = cls.__dict__.get("format_message")
            if original is not None:
                cls.format_message = _translated(original)
        base._drafter_zh = True


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _translated(method):
    def format_message(self):
        return translate_error(method(self))

    return format_message


def zh_command_classes():
    """TyperCommand/TyperGroup subclasses whose usage line and --help text are Chinese."""
    from typer.core import TyperCommand, TyperGroup

    class _Zh:
        def format_usage(self, ctx, formatter):
            pieces = [p.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令").replace("[ARGS]...", "[参数]...")
                      for p in self.collect_usage_pieces(ctx)]
            formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_zh("Usage:"))

        def get_help_option(self, ctx):
            option = super().get_help_option(ctx)
            if option is not None:
                option.help = _zh("Show this message and exit.")
            return option

    class ZhCommand(_Zh, TyperCommand):
        pass

    class ZhGroup(_Zh, TyperGroup):
        pass

    return ZhCommand, ZhGroup
