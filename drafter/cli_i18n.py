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
from .zh import CLICK, CLICK_ERRORS, CLICK_WORDS, RICH_CONSTANTS



def _zh(message: str) -> str:
    return CLICK.get(message, message)




def translate_error(message: str) -> str:
    """Every known English piece of a click usage error replaced by its Chinese."""
    for pattern, zh in CLICK_ERRORS:
        message = pattern.sub(lambda m, zh=zh: zh.format(*(CLICK_WORDS.get(g, g) for g in m.groups())), message)
    return message.replace("。。", "。").replace("”。，", "”，")


def _click_modules():
    """The click that typer uses: its vendored copy (typer ≥ 0.20) or click itself."""
    for name in ("typer._click", "click"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None




def _patch_rich(rich_utils) -> None:
    for constant, english in RICH_CONSTANTS.items():
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
