"""``drafter serve``: the whole cycle in a browser, over the same library functions as the CLI.

Server-rendered pages (Starlette + Jinja2): every change is a POST of an ordinary form,
answered with a redirect to the page that shows the result (so reloading never repeats a
change); the little JavaScript there is (static/app.js) only adds dragging, zoom and a
confirmation. This module turns requests into calls of :mod:`drafter.editing`,
:mod:`drafter.documents`, :mod:`drafter.check`, :mod:`drafter.diff`, :mod:`drafter.roll`,
:mod:`drafter.importer`, :mod:`drafter.batch` and :mod:`drafter.blocks`, and their results
into pages; the words are those of :mod:`drafter.report` and its siblings. It holds no
document logic of its own.

Every path a request names is resolved and must stay inside the workspace (configs in
``configs/``); every edit form carries the digest of the file it was made from, and a file
changed on disk since is never overwritten (the page says so).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import editing
from ..blocks import KIND_NAMES, PARAM_TYPE_NAMES, Kind, Library, load_library
from ..errors import DrafterError
from ..findings import Finding, Severity, findings_from_errors
from .security import TokenGuard

HERE = Path(__file__).resolve().parent
CONFIG_SUFFIXES = (".yaml", ".yml")
UPLOAD_SUFFIXES = (".docx", ".txt", ".pdf", ".doc")
COMPARE_SUFFIXES = (".yaml", ".yml", ".docx", ".txt")
MAX_UPLOAD = 50 * 1024 * 1024
LEVEL = {Severity.ERROR: "必错", Severity.WARNING: "疑似", Severity.HINT: "提示"}
ROLE_NAMES = {"cover": "通知正文", "preamble": "开头段", "heading": "一级标题", "lead": "导语", "item": "条目",
              "closing": "结尾段", "point": "一是……", "passage": "“一是、二是……”段落"}


class PageError(Exception):
    """A request that cannot be served: the status and a Chinese message for the page."""

    def __init__(self, status: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.hint = status, message, hint


# -- the workspace the server serves ---------------------------------------------------------------
@dataclass
class BatchState:
    running: bool = False
    total: int = 0
    done: list = field(default_factory=list)
    result: Any = None
    started: float = 0.0
    error: str | None = None
    draft: bool = False


class Workspace:
    def __init__(self, root: Path, token: str, jobs: int | None = None) -> None:
        self.root = root.resolve()
        self.token = token
        self.jobs = jobs
        self.configs = self.root / "configs"
        self.uploads = Path(tempfile.mkdtemp(prefix="drafter-serve-"))
        self.flashes: list[tuple[str, str]] = []
        self.infos: dict[tuple, Any] = {}
        self.batch = BatchState()
        self.lock = threading.Lock()

    def close(self) -> None:
        shutil.rmtree(self.uploads, ignore_errors=True)

    def library(self) -> Library:
        return load_library(self.root)

    def library_signature(self) -> tuple:
        folder = self.root / "blocks"
        return tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*.yaml")))

    def flash(self, text: str, kind: str = "ok") -> None:
        with self.lock:
            self.flashes.append((kind, text))
            del self.flashes[:-10]

    def take_flashes(self) -> list[tuple[str, str]]:
        with self.lock:
            out, self.flashes = self.flashes, []
        return out

    # -- paths, always inside the workspace
    def config_path(self, key: str | None) -> Path:
        if not key:
            raise PageError(400, "没有指明配置文件")
        path = _inside(self.configs, key)
        if path.suffix.lower() not in CONFIG_SUFFIXES:
            raise PageError(400, "只能打开配置文件（.yaml）", key)
        if not path.is_file():
            raise PageError(404, f"找不到配置文件 {key}", "它可能已被改名或删除")
        return path

    def workspace_file(self, rel: str | None, suffixes: tuple[str, ...]) -> Path:
        if not rel:
            raise PageError(400, "没有指明文件")
        path = _inside(self.root, rel)
        if path.suffix.lower() not in suffixes:
            raise PageError(400, "不能打开这种文件", rel)
        if not path.is_file():
            raise PageError(404, f"找不到文件 {rel}")
        return path

    def key_of(self, path: Path) -> str:
        return path.resolve().relative_to(self.configs).as_posix()

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _inside(base: Path, rel: str) -> Path:
    """*rel* resolved under *base*; anything that leaves it (.., an absolute path, a link out) is refused."""
    if "\x00" in rel or len(rel) > 1000:
        raise PageError(400, "路径无效")
    base = base.resolve()
    path = (base / rel).resolve()
    if path != base and base not in path.parents:
        raise PageError(403, "路径不在工作区内，拒绝访问", rel)
    return path


# -- pages ----------------------------------------------------------------------------------------------
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pk"] = editing.path_key
    env.filters["short"] = _short
    env.filters["q"] = lambda v: quote(str(v), safe="")
    env.filters["ctx"] = _context_markup
    env.filters["when"] = lambda d: d.strftime("%Y-%m-%d %H:%M") if d else ""
    env.globals.update(LEVEL=LEVEL, ROLE_NAMES=ROLE_NAMES, KIND_NAMES={k.value: v for k, v in KIND_NAMES.items()},
                       PARAM_TYPE_NAMES=PARAM_TYPE_NAMES, url=_url)
    return env


def _context_markup(text: str) -> Markup:
    """``前文【原文】后文`` (a finding's context) with the quoted characters marked."""
    before, sep, rest = text.partition("【")
    quoted, sep2, after = rest.rpartition("】")
    if not sep or not sep2:
        return Markup(escape(text))
    return Markup(f"{escape(before)}<mark>{escape(quoted)}</mark>{escape(after)}")


def _short(text: Any, limit: int = 40) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[:limit] + "…"


def _url(path: str, **params: Any) -> str:
    items = [(k, v) for k, v in params.items() if v is not None and v != ""]
    return path + ("?" + urlencode(items) if items else "")


@dataclass
class DocView:
    """Everything the pages of one document show."""

    key: str
    path: Path
    name: str
    digest: str
    library: Library
    config: Any = None
    document: Any = None
    outline: Any = None
    error: DrafterError | None = None
    problems: list[Finding] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    pages: list = field(default_factory=list)
    by_path: dict[str, str] = field(default_factory=dict)  # document path → entry key
    entry_findings: dict[str, int] = field(default_factory=dict)
    check_summary: str = ""
    previous: Path | None = None

    @property
    def title(self) -> str:
        if self.document is not None and str(self.document.title):
            return str(self.document.title)
        return self.path.stem


def load_view(ws: Workspace, key: str, *, check: bool = True, current: str | None = None) -> DocView:
    """Load, build as a draft, proofread and lay out one config."""
    from ..assembler import assemble
    from ..builder import load, writer_options
    from . import preview

    path = ws.config_path(key)
    view = DocView(key, path, ws.rel(path), editing.file_digest(path), None)  # type: ignore[arg-type]
    try:
        view.library = ws.library()
    except DrafterError as e:
        view.error, view.problems = e, findings_from_errors(e)
        return view
    try:
        view.config, _ = load(path, library=view.library)
        view.document = assemble(view.config, view.library, draft=True)
    except DrafterError as e:
        view.error, view.problems = e, findings_from_errors(e)
        return view
    view.outline = editing.outline(view.config, view.document)
    for entry in editing.all_entries(view.outline):
        for line in entry.lines:
            view.by_path[line.path] = entry.key
    year = view.document.year
    view.previous = editing.previous_config(path, ws.root, year)
    marks: dict[str, list] = {}
    if check:
        from ..check import check_path
        from ..check.engine import RULES
        from ..check.report import summary

        result = check_path(path, library=view.library)
        view.check_summary = summary(result)
        blocks = {p.path: (p.origin.block if p.origin else None) for p in result.doc.paragraphs}
        for number, f in enumerate(result.findings, start=1):
            rule = RULES.get(f.rule)
            fixable = bool(rule and rule.fixes and f.fix is not None and f.file == view.config.file)
            entry = view.by_path.get(f.path or "")
            view.findings.append({"n": number, "f": f, "level": LEVEL[f.severity], "sev": f.severity.value,
                                  "fixable": fixable, "key": editing.finding_key(f), "entry": entry,
                                  "in_block": bool(f.file and f.file.startswith("blocks/")),
                                  "block": blocks.get(f.path or ""), "rule_title": rule.title if rule else ""})
            if entry:
                view.entry_findings[entry] = view.entry_findings.get(entry, 0) + 1
            if f.path and f.start is not None:
                marks.setdefault(f.path, []).append(preview.Mark(f.start, f.end if f.end is not None else f.start,
                                                                 number, f.severity.value))

    def href(line) -> str:
        entry = view.by_path.get(line.path)
        return _url("/doc/item", c=key, p=entry) if entry else ""

    view.pages = preview.pages(view.document, writer_options(view.config), marks=marks, href=href)
    return view


def create_app(root: Path | str, *, token: str, hosts: list[str] | None = None, jobs: int | None = None) -> Starlette:
    """The application for the workspace at *root*; *hosts* are the Host headers accepted
    (``127.0.0.1:PORT`` and ``localhost:PORT`` for the server)."""
    ws = Workspace(Path(root), token, jobs)
    templates = Jinja2Templates(env=_env())

    def page(request: Request, name: str, context: dict | None = None, status: int = 200) -> HTMLResponse:
        ctx = {"csrf": ws.token, "flashes": ws.take_flashes(), "workspace": ws.root.name, "nav": "", "tab": "",
               "key": None, "block": None, "typed": None, "errors": {}, "current": None, "only": None,
               "request_path": request.url.path, **(context or {})}
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    def back(target: str) -> RedirectResponse:
        return RedirectResponse(target, status_code=303)

    async def posted(request: Request) -> Any:
        """The form of a POST, after checking it carries the token (CSRF)."""
        length = int(request.headers.get("content-length") or 0)
        if length > MAX_UPLOAD + 1024 * 1024:
            raise PageError(413, "上传的文件太大（上限 50 MB）")
        form = await request.form(max_part_size=MAX_UPLOAD)
        request.state.form = form  # closed (its uploads' temporary files) when the request is done
        from .security import same

        if not same(form.get("csrf") if isinstance(form.get("csrf"), str) else None, ws.token):
            raise PageError(403, "请求被拒绝：表单缺少本页面的令牌", "请从页面上重新提交")
        return form

    def guarded(handler: Callable) -> Callable:
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except PageError as e:
                return page(request, "error.html", {"title": e.message, "message": e.message, "hint": e.hint},
                            e.status)
            except DrafterError as e:
                return page(request, "error.html", {"title": "无法完成", "message": str(e), "hint": ""}, 400)
            finally:
                form = getattr(request.state, "form", None)
                if form is not None:
                    await form.close()
        return run

    # -- the documents ---------------------------------------------------------------------------
    async def home(request: Request) -> Response:
        def work():
            from ..documents import config_files, describe

            try:
                library = ws.library()
                library_error = None
            except DrafterError as e:
                library, library_error = None, str(e)
            signature = ws.library_signature()
            infos = []
            for path in config_files(ws.root):
                digest = editing.file_digest(path)
                out = ws.root / "output" / f"{path.stem}.docx"
                stamp = out.stat().st_mtime_ns if out.is_file() else 0
                cache_key = (path, digest, signature, stamp)
                info = ws.infos.get(cache_key)
                if info is None:
                    info = describe(path, ws.root, library)
                    if len(ws.infos) > 1000:  # a long session of edits: forget the old versions
                        ws.infos.clear()
                    ws.infos[cache_key] = info
                infos.append(info)
            return infos, library_error

        infos, library_error = await run_in_threadpool(work)
        this_year = dt.date.today().year
        return page(request, "home.html", {"docs": infos, "library_error": library_error, "nav": "docs",
                                           "this_year": this_year})

    async def new_roll(request: Request) -> Response:
        form = await posted(request)
        key = form.get("c")
        path = ws.config_path(key)
        to_text = (form.get("to") or "").strip()
        to = None
        if to_text:
            if not to_text.isdigit():
                ws.flash("年度应是四位数的年份，如 2024", "error")
                return back("/")
            to = int(to_text)

        def work():
            from ..roll import roll_config
            from ..roll_report import roll_lines

            report = roll_config(path, to, None, ws.library())
            return report, roll_lines(report)

        try:
            report, lines = await run_in_threadpool(work)
        except DrafterError as e:
            return page(request, "report.html", {"title": "滚动到下一年：未写入", "lines": str(e).split("\n"),
                                                 "ok": False, "nav": "docs"}, 400)
        new_key = ws.key_of(report.output)
        return page(request, "report.html", {"title": "滚动到下一年", "lines": lines, "ok": True, "nav": "docs",
                                             "open": _url("/doc", c=new_key), "open_name": ws.rel(report.output)})

    async def new_import(request: Request) -> Response:
        form = await posted(request)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            ws.flash("请选择要导入的文件（.docx、.txt 或 .pdf）", "error")
            return back("/")
        filename = Path(upload.filename.replace("\\", "/")).name
        suffix = Path(filename).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            ws.flash(f"不能导入 {suffix or '无扩展名'} 文件：请选择 .docx、.txt 或 .pdf", "error")
            return back("/")
        name = (form.get("name") or "").strip() or None
        folder = Path(tempfile.mkdtemp(dir=ws.uploads))
        target = folder / filename
        target.write_bytes(await upload.read())

        def work():
            from ..importer import import_document

            try:
                from ..import_report import import_lines
            except ImportError:  # the import report's words before they had a module of their own
                from ..report import import_lines  # type: ignore[attr-defined,no-redef]

            report = import_document(target, ws.root, name=name, library=ws.library())
            return report, import_lines(report, ws.root)

        try:
            report, lines = await run_in_threadpool(work)
        except DrafterError as e:
            return page(request, "report.html", {"title": "导入：未写入", "lines": str(e).split("\n"), "ok": False,
                                                 "nav": "docs"}, 400)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return page(request, "report.html", {"title": "导入", "lines": lines, "ok": True, "nav": "docs",
                                             "open": _url("/doc", c=ws.key_of(report.config_path)),
                                             "open_name": ws.rel(report.config_path)})

    # -- one document -------------------------------------------------------------------------------
    async def doc_page(request: Request) -> Response:
        key = request.query_params.get("c")
        view = await run_in_threadpool(load_view, ws, key)
        return page(request, "doc.html", {"v": view, "nav": "docs", "tab": "outline"},
                    200 if view.error is None else 422)

    async def item_page(request: Request) -> Response:
        key = request.query_params.get("c")
        view = await run_in_threadpool(load_view, ws, key)
        if view.error is not None:
            return page(request, "doc.html", {"v": view, "nav": "docs", "tab": "outline"}, 422)
        entry = view.outline.entries.get(request.query_params.get("p", ""))
        if entry is None:
            raise PageError(404, "配置中没有这一项（文件可能已改动）", "请回到大纲重新选择")
        return page(request, "item.html", {"v": view, "e": entry, "nav": "docs", "tab": "outline",
                                           "block": view.library.get(entry.block or entry.based_on or ""),
                                           "errors": {}, "typed": None})

    async def add_page(request: Request) -> Response:
        params = request.query_params
        key = params.get("c")
        list_key = params.get("list", "")
        at = _int(params.get("at"), 0)
        q = params.get("q", "").strip()
        tag = params.get("tag", "").strip()

        def work():
            from ..browse import find_blocks, usages

            view = load_view(ws, key, check=False)
            if view.error is not None:
                return view, None, [], [], {}
            list_path = editing.parse_path(list_key)
            slot = editing.HEADING if list_path == ("sections",) else editing.slot_of_list(list_path)
            found = [b for b in find_blocks(view.library, tag or None, q or None) if b.kind in slot.kinds]
            tags = sorted({t for b in view.library.blocks.values() if b.kind in slot.kinds for t in b.tags})
            return view, slot, found[:60], tags, {"total": len(found), "used": usages(view.library)}

        try:
            view, slot, found, tags, extra = await run_in_threadpool(work)
        except DrafterError as e:
            raise PageError(400, e.message, e.hint or "") from None
        if view.error is not None:
            return page(request, "doc.html", {"v": view, "nav": "docs", "tab": "outline"}, 422)
        return page(request, "add.html", {"v": view, "nav": "docs", "tab": "outline", "list_key": list_key, "at": at,
                                          "slot": slot, "slot_name": editing.SLOT_NAMES.get(slot.name, slot.name),
                                          "found": found, "tags": tags, "q": q, "tag": tag, **extra,
                                          "sections": list_key == "sections", "errors": {}})

    async def values_page(request: Request) -> Response:
        key = request.query_params.get("c")
        view = await run_in_threadpool(load_view, ws, key)
        if view.error is not None:
            return page(request, "doc.html", {"v": view, "nav": "docs", "tab": "outline"}, 422)
        fields = _fields(view)
        return page(request, "values.html", {"v": view, "nav": "docs", "tab": "values", "fields": fields,
                                             "errors": {}, "typed": {}})

    def _fields(view: DocView) -> list:
        return editing.value_fields(view.config, view.library, view.document,
                                    editing.previous_values(view.previous), view.outline)

    async def edit(request: Request, make_change: Callable[[Any, DocView], Callable], *,
                   anchor: Callable[[Any], str] = lambda form: "", form_page: Callable | None = None,
                   target: Callable[[Any], str] | None = None) -> Response:
        """Run one change of a config from a posted form; back to the outline (or *form_page* on errors)."""
        form = await posted(request)
        key = form.get("c")
        path = ws.config_path(key)
        target = target(form) if target is not None else _url("/doc", c=key) + anchor(form)

        def work():
            library = ws.library()
            change = make_change(form, DocView(key, path, ws.rel(path), "", library))
            return editing.change_config(path, form.get("digest") or "", change, library=library, name=ws.rel(path))

        try:
            changed = await run_in_threadpool(work)
        except editing.StaleFileError as e:
            return page(request, "stale.html", {"message": e.message, "hint": e.hint, "key": key,
                                                "typed": _typed_text(form), "nav": "docs"}, 409)
        except editing.FieldErrors as e:
            if form_page is not None:
                return await form_page(request, form, e.fields)
            ws.flash("；".join(e.fields.values()), "error")
            return back(target)
        except DrafterError as e:
            if form_page is not None:
                return await form_page(request, form, {"_": str(e)})
            ws.flash(str(e), "error")
            return back(target)
        for note in changed.notes:
            ws.flash(note)
        return back(target)

    def _typed_text(form) -> str:
        return "\n\n".join(str(v) for k, v in form.multi_items()
                           if k not in ("csrf", "digest", "c", "p", "list", "at", "to_list", "to_at") and isinstance(v, str) and v.strip())

    async def post_add(request: Request) -> Response:
        def make(form, view):
            list_path = editing.parse_path(form.get("list") or "")
            return editing.add_block(list_path, _int(form.get("at"), 0), form.get("block") or "", view.library)

        return await edit(request, make, anchor=lambda form: f"#l-{form.get('list')}")

    async def post_add_text(request: Request) -> Response:
        def make(form, view):
            list_path = editing.parse_path(form.get("list") or "")
            return editing.add_text(list_path, _int(form.get("at"), 0), form.get("title") or "", form.get("text") or "")

        return await edit(request, make, anchor=lambda form: f"#l-{form.get('list')}")

    async def post_add_section(request: Request) -> Response:
        def make(form, view):
            return editing.add_section(_int(form.get("at"), 0), form.get("block") or None, form.get("heading_text"),
                                       view.library)

        return await edit(request, make)

    async def post_remove(request: Request) -> Response:
        return await edit(request, lambda form, view: editing.remove(editing.parse_path(form.get("p") or "")))

    async def post_move(request: Request) -> Response:
        def make(form, view):
            path = editing.parse_path(form.get("p") or "")
            to_list = editing.parse_path(form.get("to_list") or "") if form.get("to_list") else path[:-1]
            if form.get("direction") in ("up", "down"):
                if not isinstance(path[-1], int):
                    raise DrafterError("只能移动列表中的一项")
                to_at = path[-1] - 1 if form.get("direction") == "up" else path[-1] + 2
                if to_at < 0:
                    raise DrafterError("已在最前面")
            else:
                to_at = _int(form.get("to_at"), -1)
            return editing.move(path, to_list, to_at)

        return await edit(request, make, anchor=lambda form: f"#e-{form.get('p')}")

    async def post_text(request: Request) -> Response:
        async def again(request, form, errors):
            view = await run_in_threadpool(load_view, ws, form.get("c"))
            entry = view.outline.entries.get(form.get("p") or "") if view.outline else None
            if entry is None:
                raise PageError(404, "配置中没有这一项（文件可能已改动）")
            return page(request, "item.html", {"v": view, "e": entry, "nav": "docs", "tab": "outline",
                                               "block": view.library.get(entry.block or entry.based_on or ""),
                                               "errors": errors, "typed": form}, 422)

        def make(form, view):
            return editing.set_text(editing.parse_path(form.get("p") or ""), form.get("title") or "",
                                    form.get("text") or "", rendered=form.get("rendered") == "1")

        return await edit(request, make, anchor=lambda form: f"#e-{form.get('p')}", form_page=again)

    async def post_restore(request: Request) -> Response:
        return await edit(request, lambda form, view: editing.restore_block(
            editing.parse_path(form.get("p") or ""), form.get("block") or "", view.library),
            anchor=lambda form: f"#e-{form.get('p')}")

    async def post_values(request: Request) -> Response:
        async def again(request, form, errors):
            view = await run_in_threadpool(load_view, ws, form.get("c"))
            fields = _fields(view) if view.error is None else []
            return page(request, "values.html", {"v": view, "nav": "docs", "tab": "values", "fields": fields,
                                                 "errors": errors, "typed": form}, 422)

        def make(form, view):
            from ..assembler import assemble
            from ..builder import load

            config, _ = load(view.path, library=view.library)
            document = assemble(config, view.library, draft=True)
            o = editing.outline(config, document)
            fields = editing.value_fields(config, view.library, document, None, o)
            typed = {k[2:]: v for k, v in form.multi_items() if k.startswith("v.") and isinstance(v, str)}
            return editing.set_values(typed, fields)

        return await edit(request, make, form_page=again, target=lambda form: _url("/doc/values", c=form.get("c")))

    async def post_fix(request: Request) -> Response:
        form = await posted(request)
        key = form.get("c")
        path = ws.config_path(key)

        def work():
            return editing.apply_fix(path, form.get("digest") or "", form.get("finding") or "", library=ws.library(),
                                     name=ws.rel(path))

        try:
            changed = await run_in_threadpool(work)
        except editing.StaleFileError as e:
            return page(request, "stale.html", {"message": e.message, "hint": e.hint, "key": key, "typed": "",
                                                "nav": "docs"}, 409)
        except DrafterError as e:
            ws.flash(str(e), "error")
            return back(_url("/doc", c=key) + "#findings")
        for note in changed.notes:
            ws.flash(note)
        return back(_url("/doc", c=key) + "#findings")

    async def post_build(request: Request) -> Response:
        form = await posted(request)
        key = form.get("c")
        path = ws.config_path(key)
        fmt = form.get("fmt") or "docx"
        if fmt not in ("docx", "pdf", "txt", "md", "json"):
            raise PageError(400, "不支持的格式")

        def work():
            from ..builder import build
            from ..report import build_summary

            result = build(path, fmt=fmt, draft=form.get("draft") == "1", force=form.get("force") == "1",
                           library=ws.library())
            return build_summary(ws.rel(result.path), result.blanks, result.kept and ws.rel(result.kept))

        try:
            ws.flash(await run_in_threadpool(work))
        except DrafterError as e:
            ws.flash(str(e), "error")
        return back(_url("/doc", c=key))

    # -- downloads ----------------------------------------------------------------------------------
    async def download(request: Request) -> Response:
        params = request.query_params
        kind = request.path_params["kind"]
        if kind not in ("docx", "pdf", "xlsx", "txt"):
            raise PageError(404, "没有这种下载", "可下载 Word（docx）、PDF、任务台账（xlsx）或纯文本（txt）")
        key = params.get("c")
        path = ws.config_path(key)
        draft = params.get("draft") == "1"

        def work():
            from ..documents import ledger_bytes, render_bytes

            library = ws.library()
            if kind == "xlsx":
                return ledger_bytes(path, library, by_section=params.get("by_section") == "1", draft=draft)
            return render_bytes(path, kind, library, draft=draft)

        try:
            data = await run_in_threadpool(work)
        except DrafterError as e:
            return page(request, "download_error.html", {"message": str(e), "key": key, "kind": kind, "draft": draft,
                                                         "nav": "docs"}, 422)
        name = f"{path.stem}-任务台账.xlsx" if kind == "xlsx" else f"{path.stem}.{kind}"
        media = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "txt": "text/plain; charset=utf-8"}[kind]
        inline = kind == "pdf" and params.get("inline") == "1"
        disposition = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=media, headers={"content-disposition": disposition})

    async def pdf_page(request: Request) -> Response:
        key = request.query_params.get("c")
        path = ws.config_path(key)
        from ..writers.pdf import find_soffice

        try:
            find_soffice()
            available, reason = True, ""
        except Exception as e:  # noqa: BLE001 - NotFound and friends: say so on the page
            available, reason = False, str(e) or "没有找到 LibreOffice"
        view = await run_in_threadpool(load_view, ws, key, check=False)
        return page(request, "pdf.html", {"v": view, "nav": "docs", "tab": "pdf", "available": available,
                                          "reason": reason, "src": _url("/download/pdf", c=ws.key_of(path), inline=1,
                                                                        draft=1)})

    # -- compare ------------------------------------------------------------------------------------
    def _other(params, view_path: Path) -> tuple[Path | None, str]:
        upload = params.get("upload")
        if upload:
            if not upload.isalnum():
                raise PageError(400, "上传的文件编号无效")
            found = [p for p in (ws.uploads / upload).glob("*") if p.is_file()] if (ws.uploads / upload).is_dir() else []
            if not found:
                raise PageError(404, "上传的文件已不在（服务重启后会清空），请重新上传")
            return found[0], found[0].name
        rel = params.get("old")
        if rel:
            path = ws.workspace_file(rel, COMPARE_SUFFIXES)
            return path, ws.rel(path)
        return None, ""

    async def compare_page(request: Request) -> Response:
        params = request.query_params
        key = params.get("c")
        path = ws.config_path(key)

        def work():
            from ..diff import compare
            from ..diff.summary import summary_lines
            from ..documents import config_files

            view = load_view(ws, key, check=False)
            other, shown = _other(params, path)
            if other is None and view.previous is not None:
                other, shown = view.previous, ws.rel(view.previous)
            choices = [ws.rel(p) for p in config_files(ws.root) if p.resolve() != path.resolve()]
            if other is None:
                return view, None, [], choices, shown
            alignment = compare(other, path)
            alignment.old.source, alignment.new.source = shown, ws.rel(path)
            return view, alignment, summary_lines(alignment), choices, shown

        try:
            view, alignment, lines, choices, shown = await run_in_threadpool(work)
        except DrafterError as e:
            raise PageError(400, str(e)) from None
        from .redline import redline_rows

        return page(request, "compare.html", {
            "v": view, "nav": "docs", "tab": "compare", "rows": redline_rows(alignment) if alignment else [],
            "lines": lines, "choices": choices, "shown": shown, "old": params.get("old", "") or (
                ws.rel(view.previous) if view.previous and not params.get("upload") else ""),
            "upload": params.get("upload", ""), "same": bool(alignment and alignment.same)})

    async def compare_upload(request: Request) -> Response:
        form = await posted(request)
        key = form.get("c")
        ws.config_path(key)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            ws.flash("请选择要对比的文件（.docx 或 .txt）", "error")
            return back(_url("/doc/compare", c=key))
        filename = Path(upload.filename.replace("\\", "/")).name
        if Path(filename).suffix.lower() not in (".docx", ".txt"):
            ws.flash("只能与 .docx 或 .txt 文件对比", "error")
            return back(_url("/doc/compare", c=key))
        import secrets

        ident = secrets.token_hex(8)
        (ws.uploads / ident).mkdir()
        (ws.uploads / ident / filename).write_bytes(await upload.read())
        return back(_url("/doc/compare", c=key, upload=ident))

    async def compare_docx(request: Request) -> Response:
        params = request.query_params
        key = params.get("c")
        path = ws.config_path(key)

        def work():
            from ..diff import compare, redline

            other, shown = _other(params, path)
            if other is None:
                raise PageError(400, "没有指明与哪一份对比")
            alignment = compare(other, path)
            return redline(alignment)

        try:
            data = await run_in_threadpool(work)
        except DrafterError as e:
            raise PageError(400, str(e)) from None
        name = f"{path.stem}-修订稿.docx"
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    # -- the block library ----------------------------------------------------------------------------
    async def blocks_page(request: Request) -> Response:
        params = request.query_params
        q, tag, kind = params.get("q", "").strip(), params.get("tag", "").strip(), params.get("kind", "").strip()

        def work():
            from ..browse import find_blocks, usages

            library = ws.library()
            found = [b for b in find_blocks(library, tag or None, q or None) if not kind or b.kind.value == kind]
            tags = sorted({t for b in library.blocks.values() for t in b.tags})
            return found, tags, usages(library), len(library.blocks)

        try:
            found, tags, used, total = await run_in_threadpool(work)
        except DrafterError as e:
            return page(request, "error.html", {"title": "块库有错误", "message": str(e), "hint": "", "nav": "blocks"}, 422)
        return page(request, "blocks.html", {"found": found, "tags": tags, "used": used, "total": total, "q": q,
                                             "tag": tag, "kind": kind, "kinds": list(Kind), "nav": "blocks"})

    async def block_page(request: Request, errors: dict | None = None, typed: Any = None, status: int = 200) -> Response:
        block_id = request.query_params.get("id") if typed is None else typed.get("id")

        def work():
            from ..browse import usages

            library = ws.library()
            block = library.get(block_id or "")
            if block is None:
                raise PageError(404, f"块库中没有编号为「{block_id}」的块", library.suggest(block_id or "") or "")
            from ..web.blockedit import block_form

            return block, library, usages(library).get(block.id, []), block_form(ws.root, block)

        try:
            block, library, uses, form_data = await run_in_threadpool(work)
        except DrafterError as e:
            return page(request, "error.html", {"title": "块库有错误", "message": str(e), "hint": "", "nav": "blocks"}, 422)
        return page(request, "block.html", {"b": block, "library": library, "uses": uses, "form": form_data,
                                            "errors": errors or {}, "typed": typed, "nav": "blocks",
                                            "types": list(PARAM_TYPE_NAMES.items())}, status)

    async def block_save(request: Request) -> Response:
        form = await posted(request)
        from .blockedit import save_block

        def work():
            return save_block(ws.root, form)

        try:
            notes = await run_in_threadpool(work)
        except editing.StaleFileError as e:
            return page(request, "stale.html", {"message": e.message, "hint": e.hint, "key": None,
                                                "block": form.get("id"), "typed": form.get("body") or "",
                                                "nav": "blocks"}, 409)
        except editing.FieldErrors as e:
            return await block_page(request, e.fields, form, 422)
        except DrafterError as e:
            return await block_page(request, {"_": str(e)}, form, 422)
        for kind, note in notes:
            ws.flash(note, kind)
        return back(_url("/block", id=form.get("id")))

    # -- batch build --------------------------------------------------------------------------------
    async def build_page(request: Request) -> Response:
        from ..documents import config_files

        state = ws.batch
        rows = []
        if state.result is not None or state.running:
            for outcome in (state.result.outcomes if state.result is not None else state.done):
                rows.append({"config": ws.rel(outcome.job.config), "ok": outcome.ok,
                             "path": ws.rel(outcome.path) if outcome.path else "", "error": outcome.error or "",
                             "blanks": outcome.blanks})
        summary = ""
        if state.result is not None:
            from ..batch_report import summary_line

            summary = summary_line(state.result)
        return page(request, "build.html", {"state": state, "rows": rows, "summary": summary, "nav": "build",
                                            "count": len(config_files(ws.root))})

    async def build_start(request: Request) -> Response:
        form = await posted(request)
        state = ws.batch
        with ws.lock:
            if state.running:
                ws.flash("已有一批正在生成", "error")
                return back("/build")
            draft = form.get("draft") == "1"
            ws.batch = state = BatchState(running=True, started=time.time(), draft=draft)

        def work():
            from ..batch import plan, run, worker_count

            try:
                batch = plan([ws.configs])
                state.total = len(batch)
                state.result = run(batch, draft=draft, workers=worker_count(ws.jobs, len(batch.jobs)),
                                   on_done=state.done.append)
            except DrafterError as e:
                state.error = str(e)
            except Exception as e:  # noqa: BLE001 - shown on the page, the server goes on
                state.error = f"内部错误（请报告）：{type(e).__name__}: {e}"
            finally:
                state.running = False

        threading.Thread(target=work, name="drafter-batch", daemon=True).start()
        return back("/build")

    async def build_status(request: Request) -> Response:
        state = ws.batch
        done = state.result.outcomes if state.result is not None else state.done
        return JSONResponse({"running": state.running, "total": state.total, "done": len(done),
                             "failed": sum(1 for o in done if not o.ok), "error": state.error})

    routes = [
        Route("/", guarded(home)),
        Route("/new/roll", guarded(new_roll), methods=["POST"]),
        Route("/new/import", guarded(new_import), methods=["POST"]),
        Route("/doc", guarded(doc_page)),
        Route("/doc/item", guarded(item_page)),
        Route("/doc/add", guarded(add_page)),
        Route("/doc/values", guarded(values_page)),
        Route("/doc/pdf", guarded(pdf_page)),
        Route("/doc/compare", guarded(compare_page)),
        Route("/doc/compare", guarded(compare_upload), methods=["POST"]),
        Route("/doc/compare.docx", guarded(compare_docx)),
        Route("/doc/add", guarded(post_add), methods=["POST"]),
        Route("/doc/add-text", guarded(post_add_text), methods=["POST"]),
        Route("/doc/add-section", guarded(post_add_section), methods=["POST"]),
        Route("/doc/remove", guarded(post_remove), methods=["POST"]),
        Route("/doc/move", guarded(post_move), methods=["POST"]),
        Route("/doc/text", guarded(post_text), methods=["POST"]),
        Route("/doc/restore", guarded(post_restore), methods=["POST"]),
        Route("/doc/values", guarded(post_values), methods=["POST"]),
        Route("/doc/fix", guarded(post_fix), methods=["POST"]),
        Route("/doc/build", guarded(post_build), methods=["POST"]),
        Route("/download/{kind:str}", guarded(download)),
        Route("/blocks", guarded(blocks_page)),
        Route("/block", guarded(block_page)),
        Route("/block", guarded(block_save), methods=["POST"]),
        Route("/build", guarded(build_page)),
        Route("/build", guarded(build_start), methods=["POST"]),
        Route("/build/status", guarded(build_status)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, exc: HTTPException) -> Response:
        status = exc.status_code
        message = {404: "没有这个页面", 405: "不能这样访问这个页面"}.get(status, "请求无法处理")
        return page(request, "error.html", {"title": message, "message": message, "hint": ""}, status)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        ws.close()

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found}, lifespan=lifespan)
    app.state.workspace = ws
    app.add_middleware(TokenGuard, token=token, hosts=hosts or ["127.0.0.1", "localhost"])
    return app


def _int(text: Any, default: int) -> int:
    try:
        return int(str(text))
    except (TypeError, ValueError):
        return default
