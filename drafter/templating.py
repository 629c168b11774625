"""The sandboxed, strict Jinja2 environment that fills blocks.

A plain template — only text and ``{{ 参数 }}``, nearly every block — is filled by
:mod:`drafter.filling` without Jinja; everything else, and every error, is decided here.
Values are formatted once (:func:`drafter.filling.format_value`): 8.0 → "8", dates →
"2023年2月10日". Every ``{{ 参数 }}`` of a
template is rewritten at parse time to pass through a marking filter, so the rendered
output arrives as chunks (:meth:`jinja2.Template.generate`) in which a parameter's value
is a marked chunk: :func:`drafter.filling.render_paragraphs` turns them into :class:`~drafter.model.Value`
spans, and a value still missing in draft mode into a :class:`~drafter.model.Blank`. A
checker can then tell a slip in a block's fixed text from one in a config value.

A missing value used inside an expression (``{{ 年度 ~ '年' }}``) cannot be marked that way;
:class:`Missing` turns into a sentinel there, which the plain chunks are scanned for. The
sentinel holds a random per-process nonce, so no text a user types (private-use characters
included) can ever read as one: such text comes out exactly as typed.

Untrusted templates
-------------------
Blocks and configs travel between offices, so a template is treated as hostile. What a
template may do is what a document needs: print parameters, do simple arithmetic
(``{{ 年度 + 1 }}``), ``if``/``for``/``set``/``macro``. Everything else is refused, in
Chinese, before or while rendering:

* Names: the environment has **no globals** (no ``range``, ``dict``, ``lipsum``, ``cycler``,
  ``joiner``, ``namespace``), **no filters and no tests** — none is kept (``|join``,
  ``|attr``, ``|format``, ``is odd`` … are refused when the template is parsed; the only
  filters in the environment are drafter's own, which the parser wires in) — and
  :data:`RESERVED_NAMES` — names Jinja itself gives a meaning (``self``, ``loop``,
  ``caller`` …) — cannot be parameters.
* Attributes and methods: ``{{ 县名.encode() }}``, ``{{ x.__class__ }}``, ``{{ ''.join }}``
  are refused at parse time and again at run time; only ``loop.index`` and its siblings
  (:data:`LOOP_ATTRIBUTES`) can be read. Subscripts are limited to ``文字[0]``/``列表[1:3]``
  and a mapping's own keys. Only macros defined in the template can be called.
  ``include``/``import``/``extends`` and recursive loops are refused.
* Printing: only text, numbers, dates and yes/no print; ``{{ self }}``, ``{{ loop }}``,
  ``{{ none }}``, a list or a macro is an error, never a Python repr. Infinite numbers and
  characters Word cannot store (XML-invalid control characters) are errors too.

Limits (per render: one block's title or body, or one piece of text in a config). Each,
when hit, stops the render with a Chinese message that names the limit, and is reported
at the block (file, line, id) or at the config key; values are set for what documents
need, so that every hostile case fails within a few hundredths of a second:

- :data:`MAX_TEMPLATE_CHARS` = 20,000: characters of one template's source (refused when
  parsed, so when the library loads).
- :data:`MAX_OUTPUT_CHARS` = 200,000 (“20 万字”): characters one render produces, counted
  while its chunks are consumed; text printed by ``{{ }}`` into ``{% set %}…{% endset %}``
  or a macro's result counts too, so nothing can grow unseen.
- :data:`MAX_VALUES` = 10,000: parameter values (and draft blanks) printed by one render.
- :data:`MAX_TEXT_CHARS` = 10,000: length of a text or list built by ``*``, ``+`` or ``~``
  (``'a' * 10**9`` is refused before it is built).
- :data:`MAX_NUMBER_DIGITS` = 30: digits of a number a calculation produces (``9**9**9`` is
  refused before it is computed; ``inf``, ``nan`` and complex results are refused too).
- :data:`MAX_LOOP_ITERATIONS` = 1,000: iterations of all ``for`` loops of one render together.
- :data:`MAX_CALLS` = 1,000: macro calls in one render.
- :data:`MAX_CALL_DEPTH` = 20: macros calling macros (a macro calling itself ends here, not
  in a RecursionError).
- :data:`MAX_RENDER_SECONDS` = 2.0: time for one render, checked at every output chunk,
  operator, ``~``, loop iteration, macro call and printed value.

Every failure of a render — a limit, a refused operation, or a Python/Jinja exception
(division by zero, adding text to a number …) — reaches the caller as one
:class:`TemplateProblem` whose message is Chinese and whose ``lineno`` is the template line.
"""

from __future__ import annotations

import math
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from jinja2 import (StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError, meta, nodes,
                    pass_context)
from jinja2.exceptions import SecurityError, TemplateRuntimeError
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

# what callers have always imported from here (and the module uses itself): now in drafter.filling
from .filling import (RESERVED_NAMES, Missing, _Chunk, format_date, format_value, invalid_char,  # noqa: F401
                      printable, render_inline, render_paragraphs, to_paragraphs, to_text)
from .zh import JINJA_SYNTAX

# -- limits (their values live with all the others, in drafter.limits) --------------------------
from .limits import (MAX_CALL_DEPTH, MAX_CALLS, MAX_LOOP_ITERATIONS, MAX_NUMBER_DIGITS,  # noqa: E402
                     MAX_OUTPUT_CHARS, MAX_RENDER_SECONDS, MAX_TEMPLATE_CHARS, MAX_TEXT_CHARS, MAX_VALUES)

_MAX_NUMBER = 10**MAX_NUMBER_DIGITS


def _wan(n: int) -> str:
    """20000 → "2 万", 1000 → "1000": how a limit reads in a message."""
    return f"{n // 10_000} 万" if n >= 10_000 and n % 10_000 == 0 else str(n)


# What a template may read of ``loop`` inside a for loop.
LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                             "previtem", "nextitem"})

class TemplateRefused(TemplateSyntaxError):
    """A template uses what blocks may not (a filter, a method, ``include`` …) or is over a limit:
    found when it is parsed, with a Chinese message that is complete as it stands."""


class TemplateProblem(TemplateError):
    """A template could not be filled: the Chinese reason, and the template line if known."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.lineno = lineno

    @property
    def message(self) -> str:  # TemplateError.message reads args[0]
        return self.args[0]


# -- the filters the parser wires in ------------------------------------------------------------
_MARK_FILTER = "drafter_value"
_CONCAT_FILTER = "drafter_concat"
_ITER_FILTER = "drafter_loop"
_INTERNAL_FILTERS = frozenset({_MARK_FILTER, _CONCAT_FILTER, _ITER_FILTER})


# -- what may print --------------------------------------------------------------------------------
def _describe(value: Any) -> str:
    """What kind of thing *value* is, in Chinese, for messages."""
    if value is None:
        return "空值（none）"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, dict):
        return "字典"
    if isinstance(value, Macro):
        return "宏本身（调用宏要加括号）"
    if isinstance(value, LoopContext):
        return "循环变量 loop 本身"
    if isinstance(value, complex):
        return "复数"
    return "模板引擎的内部对象"


def _text_of(value: Any) -> str:
    """*value* as document text, or a TemplateProblem for what a document cannot show."""
    if isinstance(value, (Missing, Undefined)):
        return str(value)  # a sentinel; StrictUndefined raises UndefinedError, reported below
    text = printable(value)
    if text is not None:
        return text
    if isinstance(value, float) and not math.isfinite(value):
        raise TemplateProblem("数值是无穷大或不是数（inf、nan），不能写入文件")
    raise TemplateProblem(f"模板中不能输出{_describe(value)}：只能输出文字、数字和日期")


def _finalize(value: Any) -> Any:
    """The finalize hook: every ``{{ … }}`` passes here, in the output or in text kept by
    ``{% set %}…{% endset %}`` or returned by a macro, so all of it counts against the limits."""
    if isinstance(value, _Chunk):
        return value  # a marked value: counted by _mark
    if isinstance(value, Missing):
        return _Chunk(_printed(str(value), value=True), value.name, blank=True)
    return _printed(_text_of(value))


def _mark(value: Any, name: str) -> _Chunk:
    if isinstance(value, Missing):
        return _Chunk(_printed(str(value), value=True), value.name, blank=True)
    return _Chunk(_printed(_text_of(value), value=True), name)


def _printed(text: str, *, value: bool = False) -> str:
    """Count *text* (a value's when *value*) against the output limits of the render."""
    budget = _budget_tick()
    if budget is not None:
        budget.printed += len(text)
        if budget.printed > MAX_OUTPUT_CHARS:
            raise _output_limit()
        if value:
            budget.values += 1
            if budget.values > MAX_VALUES:
                raise TemplateProblem(f"模板中填入的值超过 {_wan(MAX_VALUES)}处的上限")
    return text


def _output_limit() -> TemplateProblem:
    return TemplateProblem(f"模板输出超过 {_wan(MAX_OUTPUT_CHARS)}字的上限")


# -- the per-render budget ---------------------------------------------------------------------
@dataclass
class _Budget:
    deadline: float
    output: int = 0  # characters of the render's output
    printed: int = 0  # characters printed by {{ }}, wherever they go
    values: int = 0  # values and blanks printed
    iterations: int = 0
    calls: int = 0
    depth: int = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateProblem(f"填写一段模板超过 {MAX_RENDER_SECONDS:g} 秒的时间上限")


_BUDGET: ContextVar[_Budget | None] = ContextVar("drafter_render_budget", default=None)


def _budget_tick() -> _Budget | None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()
    return budget


def _too_long(length: int) -> None:
    if length > MAX_TEXT_CHARS:
        raise TemplateProblem(f"模板中计算出的文字或列表超过 {_wan(MAX_TEXT_CHARS)}字的上限（{length} 个）")


def _too_big() -> TemplateProblem:
    return TemplateProblem(f"模板中计算出的数超过 {MAX_NUMBER_DIGITS} 位数的上限")


def _concat(first: Any, *rest: Any) -> str:
    """``a ~ b ~ c``: joined as they print, and no longer than :data:`MAX_TEXT_CHARS`."""
    texts = [_text_of(v) for v in (first, *rest)]
    _too_long(sum(map(len, texts)))
    _budget_tick()
    return "".join(texts)


@pass_context  # never run at compile time: the optimizer leaves context filters alone
def _counted(_context: Any, iterable: Any) -> Iterator[Any]:
    """The iterable of a ``for`` loop, counted against :data:`MAX_LOOP_ITERATIONS`."""
    budget = _BUDGET.get()
    for item in iterable:
        if budget is not None:
            budget.iterations += 1
            if budget.iterations > MAX_LOOP_ITERATIONS:
                raise TemplateProblem(f"模板中的循环总共超过 {MAX_LOOP_ITERATIONS} 次的上限")
            budget.tick()
        yield item


_SEQUENCES = (str, list, tuple)
_NUMBERS = (int, float)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, narrowed to what a document needs (see the module docstring)."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _budget_tick()
        for side in (left, right):
            if isinstance(side, Missing):
                return side  # a missing value stays missing (a blank) whatever is done to it
        if operator == "%" and isinstance(left, str):
            raise TemplateProblem("块中不能用“%”格式化文字")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, _SEQUENCES) and isinstance(times, int):
                    _too_long(len(seq) * max(times, 0))
        elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            _too_long(len(left) + len(right))
        elif operator == "**" and isinstance(left, _NUMBERS) and isinstance(right, _NUMBERS):
            if abs(left) > 1 and right > 0 and right * math.log10(abs(left)) > MAX_NUMBER_DIGITS:
                raise _too_big()
        result = self.binop_table[operator](left, right)
        if isinstance(result, complex):
            raise TemplateProblem("模板中的计算结果不是实数")
        if isinstance(result, float) and not math.isfinite(result):
            raise TemplateProblem("模板中的计算结果是无穷大或不是数")
        if isinstance(result, _NUMBERS) and abs(result) >= _MAX_NUMBER:
            raise _too_big()
        return result

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, LoopContext) and attr in LOOP_ATTRIBUTES

    def is_safe_callable(self, obj: Any) -> bool:
        return isinstance(obj, Macro)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if self.is_safe_attribute(obj, attribute, None):
            return getattr(obj, attribute)
        if isinstance(obj, Undefined):
            return obj
        raise TemplateProblem(_attribute_message(attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Undefined):
            return obj
        if isinstance(obj, dict) and not isinstance(argument, (dict, list)):
            if argument in obj:
                return obj[argument]
            raise TemplateProblem(f"取值中没有「{argument}」这一项")
        if isinstance(obj, _SEQUENCES) and (isinstance(argument, slice) or
                                            (isinstance(argument, int) and not isinstance(argument, bool))):
            try:
                return obj[argument]
            except IndexError:
                raise TemplateProblem(f"下标 {argument} 超出了范围（共 {len(obj)} 项）") from None
        if isinstance(argument, str):
            raise TemplateProblem(_attribute_message(argument))
        raise TemplateProblem("块中只能用数字下标取文字或列表中的一项，如 [0]")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if not __self.is_safe_callable(__obj):
            raise TemplateProblem("块中只能调用本模板中定义的宏（macro），不能调用其他函数或方法")
        budget = _budget_tick()
        if budget is None:
            return __context.call(__obj, *args, **kwargs)
        budget.calls += 1
        if budget.calls > MAX_CALLS:
            raise TemplateProblem(f"模板中调用宏的次数超过 {MAX_CALLS} 次的上限")
        if budget.depth >= MAX_CALL_DEPTH:
            raise TemplateProblem(f"宏的嵌套调用超过 {MAX_CALL_DEPTH} 层的上限（是不是宏调用了自己？）")
        budget.depth += 1
        try:
            return __context.call(__obj, *args, **kwargs)
        finally:
            budget.depth -= 1


def _attribute_message(attribute: str) -> str:
    return (f"块中不能调用「{attribute}」等方法，也不能读取取值的属性：块里只能写参数名和简单计算，"
            "如 {{ 县名 }}、{{ 年度 + 1 }}")


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    env = _Sandbox(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.clear()
    env.tests.clear()
    env.filters.clear()
    env.filters.update({_MARK_FILTER: _mark, _CONCAT_FILTER: _concat, _ITER_FILTER: _counted})
    return env


# -- parsing -----------------------------------------------------------------------------------
# Nodes that bind names inside a template: only then is the full (slower) analysis needed.
_BINDING_NODES = (nodes.For, nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.CallBlock, nodes.With,
                  nodes.FilterBlock)
_LOADING_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
_CHECKED_NODES = (nodes.Filter, nodes.Test, nodes.Getattr, nodes.Getitem, nodes.For, nodes.Const, *_LOADING_NODES)


def parse_template(source: str) -> tuple[nodes.Template, set[str]]:
    """Parse *source*; return its syntax tree (values marked, limits wired in) and the names it
    reads from outside.

    Parsing is cheap and enough to check a block's names when the library loads;
    compiling to Python waits until a build uses the block (:func:`compile_parsed`).
    Raises jinja2.TemplateSyntaxError with a Chinese message; callers re-raise it located
    in their file.
    """
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateRefused(f"模板超过 {_wan(MAX_TEMPLATE_CHARS)}字的上限（{len(source)} 字），请拆成几个块",
                                  1)
    bad = invalid_char(source)
    if bad is not None:
        raise TemplateRefused(f"含有不能写入 Word 文件的控制字符（{bad[1]}）", source.count("\n", 0, bad[0]) + 1)
    try:
        ast = environment().parse(source)
    except TemplateSyntaxError as e:
        raise TemplateSyntaxError(syntax_message(e.message or ""), e.lineno, e.name, e.filename) from None
    except RecursionError:
        raise TemplateRefused("模板中的括号或标签嵌套过深", 1) from None
    except ValueError:  # the lexer converting a number of thousands of digits
        raise TemplateRefused(f"模板中的数位数过多（超过 {MAX_NUMBER_DIGITS} 位数的上限）", 1) from None
    _refuse(ast)
    try:
        if any(True for _ in ast.find_all(_BINDING_NODES)):
            names = set(meta.find_undeclared_variables(ast))
        else:
            names = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}
        ast = _Limits().visit(ast)
    except RecursionError:
        raise TemplateRefused("模板中的括号或标签嵌套过深", 1) from None
    _mark_outputs(ast, names)
    return ast, names


def _refuse(ast: nodes.Template) -> None:
    """What a block may not write at all, refused when it is parsed (so: located at load)."""
    for node in ast.find_all(_CHECKED_NODES):
        line = node.lineno
        if isinstance(node, nodes.Filter):
            raise TemplateRefused(f"块中不能使用过滤器「|{node.name}」", line)
        if isinstance(node, nodes.Test):
            raise TemplateRefused(f"块中不能使用「is {node.name}」这样的判断，请改用 ==、>、< 比较", line)
        if isinstance(node, _LOADING_NODES):
            raise TemplateRefused("块中不能用 include、import、extends 引用其他模板", line)
        if isinstance(node, nodes.For) and node.recursive:
            raise TemplateRefused("块中不能使用递归循环（recursive）", line)
        if isinstance(node, nodes.Getattr):
            if not (isinstance(node.node, nodes.Name) and node.node.name == "loop" and node.attr in LOOP_ATTRIBUTES):
                raise TemplateRefused(_attribute_message(node.attr), line)
        if isinstance(node, nodes.Const) and isinstance(node.value, (int, float)) and (
                abs(node.value) >= _MAX_NUMBER or not math.isfinite(node.value)):
            raise TemplateRefused(f"模板中的数位数过多（超过 {MAX_NUMBER_DIGITS} 位数的上限）", line)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            if node.arg.value.startswith("_"):
                raise TemplateRefused(_attribute_message(node.arg.value), line)


class _Limits(NodeTransformer):
    """Wire the limits into the tree: ``~`` and ``for`` go through counting filters."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        first, *rest = node.nodes
        return nodes.Filter(first, _CONCAT_FILTER, rest, [], None, None, lineno=node.lineno)

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _ITER_FILTER, [], [], None, None, lineno=node.lineno)
        return node


def _mark_outputs(ast: nodes.Template, names: set[str]) -> None:
    """Wrap each printed bare parameter name (``{{ 县名 }}``) in the marking filter."""
    for output in ast.find_all(nodes.Output):
        for i, child in enumerate(output.nodes):
            if isinstance(child, nodes.Name) and child.ctx == "load" and child.name in names:
                output.nodes[i] = nodes.Filter(child, _MARK_FILTER, [nodes.Const(child.name)], [], None, None,
                                               lineno=child.lineno)


def compile_parsed(ast: nodes.Template) -> Template:
    try:
        return environment().from_string(ast)
    except RecursionError:
        raise TemplateRefused("模板中的括号或标签嵌套过深", 1) from None
    except TemplateSyntaxError as e:
        raise TemplateSyntaxError(syntax_message(e.message or ""), e.lineno, e.name, e.filename) from None


def compile_template(source: str) -> tuple[Template, set[str]]:
    """Parse and compile *source* at once: the template and the names it reads.

    Memoised by source (:func:`_compiled`): a config's one-off texts — title, 署名, every
    task's 牵头单位/责任单位/完成时限, the 版记 — are the same from one build to the next (and
    across the documents of a batch), and compiling one costs a millisecond. A compiled
    template holds no state between renders (the limits live in a per-render budget), so
    sharing one is safe; a source that does not compile is not kept and fails again."""
    template, names = _compiled(source)
    return template, set(names)


@lru_cache(maxsize=1024)
def _compiled(source: str) -> tuple[Template, frozenset[str]]:
    ast, names = parse_template(source)
    return compile_parsed(ast), frozenset(names)


# -- messages ----------------------------------------------------------------------------------


def syntax_message(message: str) -> str:
    """A Jinja syntax error message in Chinese (ours pass through unchanged)."""
    for pattern, zh in JINJA_SYNTAX:
        m = re.search(pattern, message)
        if m:
            return zh(m) if callable(zh) else zh
    if not re.search(r"[A-Za-z]{3}", re.sub(r"「[^」]*」|“[^”]*”", "", message)):
        return message  # Chinese already
    return "模板写法有误：请检查花括号“{{ }}”“{% %}”是否成对、标签是否写全"


def problem_message(error: BaseException) -> str:
    """Why filling a template failed, in Chinese, for any exception rendering can raise."""
    if isinstance(error, TemplateProblem):
        return error.message
    if isinstance(error, TemplateRefused):
        return error.message or ""
    if isinstance(error, TemplateSyntaxError):
        return "模板语法错误：" + syntax_message(error.message or "")
    if isinstance(error, UndefinedError):
        return "用到了没有值的名称或不存在的项"
    if isinstance(error, SecurityError):
        return "模板试图做块中不允许的操作"
    if isinstance(error, TemplateRuntimeError):
        return "模板无法执行（写法不受支持）"
    if isinstance(error, ZeroDivisionError):
        return "计算中除数为零"
    if isinstance(error, OverflowError):
        return f"计算结果太大，超过 {MAX_NUMBER_DIGITS} 位数的上限"
    if isinstance(error, RecursionError):
        return "模板嵌套调用过深"
    if isinstance(error, MemoryError):
        return "模板占用的内存过多"
    if isinstance(error, TypeError):
        return "计算或比较的两边类型不符（如文字和数字相加、对不是列表的值循环）"
    if isinstance(error, ValueError):
        return "计算中出现了无效的值"
    return "模板无法执行"


def _template_line(error: BaseException) -> int | None:
    """The template line an exception was raised at (Jinja rewrites its traceback to say)."""
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# -- filling -------------------------------------------------------------------------------------------
def generate(template: Template, context: dict[str, Any]) -> list[str]:
    """The output chunks of one render, within the limits; any failure as a TemplateProblem."""
    budget = _Budget(deadline=time.monotonic() + MAX_RENDER_SECONDS)
    token = _BUDGET.set(budget)
    chunks: list[str] = []
    try:
        for chunk in template.generate(context):
            budget.output += len(chunk)
            if budget.output > MAX_OUTPUT_CHARS:
                raise _output_limit()
            if not isinstance(chunk, _Chunk):  # values are checked where the config gives them
                bad = invalid_char(chunk)
                if bad is not None:
                    raise TemplateProblem(f"模板输出了不能写入 Word 文件的控制字符（{bad[1]}）")
            budget.tick()
            chunks.append(chunk)
    except Exception as e:  # noqa: BLE001 - the template is untrusted: every failure is reported
        raise TemplateProblem(problem_message(e), _template_line(e)) from e
    finally:
        _BUDGET.reset(token)
    return chunks


__all__ = [
    "LOOP_ATTRIBUTES",
    "MAX_CALLS",
    "MAX_CALL_DEPTH",
    "MAX_LOOP_ITERATIONS",
    "MAX_NUMBER_DIGITS",
    "MAX_OUTPUT_CHARS",
    "MAX_RENDER_SECONDS",
    "MAX_TEMPLATE_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_VALUES",
    "Missing",
    "RESERVED_NAMES",
    "TemplateProblem",
    "TemplateRefused",
    "TemplateSyntaxError",
    "compile_template",
    "environment",
    "format_date",
    "invalid_char",
    "problem_message",
    "render_inline",
    "render_paragraphs",
    "syntax_message",
    "to_paragraphs",
    "to_text",
]
