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
from .zh import CLICK, CLICK_ERRORS, CLICK_WORDS, RICH_CONSTANTS



def _zh(message: str) -> str:
    return CLICK.get(message, message)




def translate_error(message: str) -> str:
    """Every known English piece of a click usage error replaced by its Chinese."""
    for pattern, zh in CLICK_ERRORS:
        message = re.sub(pattern, lambda m, zh=zh: zh.format(*(CLICK_WORDS.get(g, g) for g in m.groups())), message)
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


# typer.rich_utils imports rich.markdown (markdown-it) and rich.traceback (pygments, attrs) at
# its top, for Markdown help (markup mode "markdown") and pretty tracebacks: drafter uses
# neither (rich markup, pretty_exceptions_enable=False), yet --help paid ~40 ms to import them.
_DEFERRED_RICH = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _deferred_class(module_name: str, class_name: str) -> type:
    """Stands in for a rich class until it is used: calling it, or reading any attribute
    (``Traceback.from_exception``), or isinstance, imports the real module and hands over."""

    def real() -> type:
        return getattr(importlib.import_module(module_name), class_name)

    class _Meta(type):
        def __getattr__(cls, name):
            return getattr(real(), name)

        def __instancecheck__(cls, instance):
            return isinstance(instance, real())

    def __new__(cls, *args, **kwargs):
        return real()(*args, **kwargs)  # not an instance of the stand-in: __init__ is not run again

    return _Meta(class_name, (), {"__new__": __new__, "__module__": module_name})


class _deferred_rich_modules:
    """While typer.rich_utils is imported, rich.markdown and rich.traceback (unless already
    imported) are stand-in modules holding deferred classes; the stand-ins are taken out of
    sys.modules again at once, so that any later import gets the real modules."""

    def __enter__(self):
        import sys
        import types

        self.placed = []
        for module_name, class_name in _DEFERRED_RICH.items():
            if module_name not in sys.modules:
                stand_in = types.ModuleType(module_name)
                setattr(stand_in, class_name, _deferred_class(module_name, class_name))
                sys.modules[module_name] = stand_in
                self.placed.append((module_name, stand_in))

    def __exit__(self, *exc):
        import sys

        for module_name, stand_in in self.placed:
            if sys.modules.get(module_name) is stand_in:
                del sys.modules[module_name]


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
            with _deferred_rich_modules():
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
    click = _click_modules()
    names = ["typer.core"]
    if click is not None and click.__name__ == "click":
        # typer < 0.20 runs on click itself (a vendored click has no gettext lookups to patch;
        # importing click just to patch it would cost every run ~10 ms for nothing)
        names += ["click.core", "click.exceptions", "click.decorators", "click.formatting"]
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "_", None) is not None and getattr(module._, "__module__", "") == "gettext":
            module._ = _zh  # these modules look their strings up through gettext at call time
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
    """TyperCommand/TyperGroup subclasses whose usage line and --help text are Chinese, and
    whose values are converted without pydantic (:mod:`drafter.cli_params`)."""
    from typer.core import TyperCommand, TyperGroup

    from .cli_params import lighten

    class _Zh:
        def parse_args(self, ctx, args):
            lighten(self.get_params(ctx))  # values (and --help's) converted without pydantic (drafter.cli_params)
            return super().parse_args(ctx, args)

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
