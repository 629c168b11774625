"""The year's task ledger (任务台账) as an Excel workbook: ``drafter tasks``.

The rows are the 任务分解表's (:func:`drafter.tasks.task_rows`), so the ledger, the table in
the docx and the text outputs never disagree. Offices keep the ledger through the year and
fill in the 进展 column, so it is made for that: a frozen header, columns wide enough for
Chinese text, a drop-down list on 进展, each section's heading on a shaded row (or, with
``by_section``, a sheet per section), and the same bytes for the same config — which is
also how a rebuild tells a ledger someone has filled in from its own output and refuses to
overwrite it without ``--force``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from .errors import DrafterError, OutputError
from .flow import Role, flow
from .model import Blank, Document
from .tasks import COLUMNS, PROGRESS, TaskRow, task_rows

HEADER = COLUMNS + ("进展", "备注")
SHEET = "任务台账"
SUFFIX = ".xlsx"
FONT = "宋体"

# Column widths are in Excel's units (about one Latin character; a Chinese character takes two).
_PADDING = 2
_MIN_WIDTH = 6
_MAX_WIDTH = 50  # wider text wraps in its cell
_NOTE_WIDTH = 24  # 备注 starts empty; room to write in
_DROPDOWN = 2  # the 进展 cells' drop-down arrow
_HEADER_FILL = "D9D9D9"
_SECTION_FILL = "F2F2F2"

# Excel refuses these in a sheet name, and names longer than 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31
_LABEL = re.compile(r"^[一二三四五六七八九十百零〇]+、")


# -- the workbook ----------------------------------------------------------------------------------
def write_ledger(doc: Document, by_section: bool = False, date: dt.date | None = None) -> bytes:
    """The ledger of *doc* as .xlsx bytes: one sheet 任务台账, or with *by_section* one per section.

    *date* (the document's own date) stamps the file instead of the clock, so equal input gives
    equal bytes.
    """
    from openpyxl import Workbook  # imported here: `drafter --help` must stay fast

    from .writers import timestamp

    rows = task_rows(doc)
    when = timestamp(date)
    book = Workbook()
    book.remove(book.active)
    if by_section:
        names: set[str] = set()
        headings = _plain_headings(doc)
        for group in _by_section(rows):
            name = sheet_name(headings.get(group[0].path, group[0].task), names)
            names.add(name.casefold())
            _fill_sheet(book.create_sheet(name), group, doc)
    else:
        _fill_sheet(book.create_sheet(SHEET), rows, doc)
    props = book.properties
    props.title = str(doc.title) or SHEET
    props.subject = SHEET
    props.creator = "drafter"
    props.lastModifiedBy = None
    props.created = props.modified = when
    return _save(book, when)


def _save(book, when: dt.datetime) -> bytes:
    """The workbook's bytes. openpyxl's own save stamps the clock (in docProps/core.xml and on
    every zip entry); writing through its ExcelWriter keeps our stamp, and repack fixes the zip."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    from .writers.ziputil import repack

    out = BytesIO()
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return repack(out.getvalue(), when)


def _fill_sheet(sheet, rows: list[TaskRow], doc: Document) -> None:
    """Header, rows, widths, the 进展 list, and a page set up to print the table on A4 landscape."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ncols = len(HEADER)
    progress = HEADER.index("进展") + 1
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain, bold = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
    widths = _widths(rows)
    centred = {1, progress}  # 序号 and 进展

    for col, name in enumerate(HEADER, 1):
        cell = sheet.cell(1, col, name)
        cell.font, cell.border = bold, border
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center")

    validation = DataValidation(
        type="list", formula1='"' + ",".join(PROGRESS) + '"', allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="进展填写有误",
        error="进展只能填：" + "、".join(PROGRESS) + "，请从下拉列表中选择",
        showInputMessage=True, promptTitle="进展", prompt="请从下拉列表中选择：" + "、".join(PROGRESS))
    sheet.add_data_validation(validation)

    for r, row in enumerate(rows, 2):
        if row.is_section:
            cell = sheet.cell(r, 1, row.task)
            cell.font = bold
            cell.fill = PatternFill("solid", fgColor=_SECTION_FILL)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            for col in range(1, ncols + 1):
                sheet.cell(r, col).border = border
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            continue
        values = (row.number, row.task, row.lead, row.units, row.due, None, None)
        for col, value in enumerate(values, 1):
            cell = sheet.cell(r, col, value)
            long = display_width(value) + _PADDING > widths[col - 1]
            cell.font, cell.border = plain, border
            cell.alignment = Alignment(horizontal="center" if col in centred else None, vertical="center",
                                       wrap_text=long or None)
        validation.add(sheet.cell(r, progress).coordinate)

    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    last = get_column_letter(ncols)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = f"{doc.title}{SHEET}".replace("&", "&&")  # & starts a header code
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def display_width(value) -> int:
    """Columns *value* takes in a cell: two for a Chinese character (and full-width
    punctuation such as “”、（）), one for a Latin letter or digit."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _widths(rows: list[TaskRow]) -> list[float]:
    """Each column as wide as its widest cell (section rows span all columns, so they do not
    count), at most _MAX_WIDTH: longer text wraps."""
    tasks = [row for row in rows if not row.is_section]
    widths = []
    for col, name in enumerate(HEADER):
        if name == "进展":
            cells = [name, *PROGRESS]
        elif name == "备注":
            widths.append(_NOTE_WIDTH)
            continue
        else:
            cells = [name, *(row.cells()[col] for row in tasks)]
        width = max(display_width(c) for c in cells) + _PADDING + (_DROPDOWN if name == "进展" else 0)
        widths.append(min(max(width, _MIN_WIDTH), _MAX_WIDTH))
    return widths


# -- sheets per section ----------------------------------------------------------------------------
def _by_section(rows: list[TaskRow]) -> list[list[TaskRow]]:
    """The rows cut at each section's heading row, each group opening with it."""
    groups: list[list[TaskRow]] = []
    for row in rows:
        if row.is_section or not groups:
            groups.append([])
        groups[-1].append(row)
    return groups


def _plain_headings(doc: Document) -> dict[str, str]:
    """Each section heading without its label (聚焦……, not 一、聚焦……), by its path."""
    return {line.path: f"{line.title}{line.body}".strip() for line in flow(doc) if line.role is Role.HEADING}


def sheet_name(heading: str, taken: set[str] = frozenset()) -> str:
    """A name Excel accepts for the sheet of *heading*: no []:*?/\\, at most 31 characters, not
    starting or ending with ', not "History" (Excel keeps that one), and not in *taken*
    (casefolded names: Excel compares names without case)."""
    name = _LABEL.sub("", heading)
    name = _SHEET_FORBIDDEN.sub("-", name).strip().strip("'").strip()
    if not name or name.casefold() == "history":
        name = name + "部分" if name else "部分"
    base, n = name[:_SHEET_MAX], 2
    name = base
    while name.casefold() in taken:
        suffix = f"（{n}）"
        name = base[: _SHEET_MAX - len(suffix)] + suffix
        n += 1
    return name


# -- the command -----------------------------------------------------------------------------------
@dataclass
class LedgerResult:
    path: Path
    tasks: int  # numbered rows
    sheets: int
    blanks: int  # draft blanks (**) in the ledger's cells
    kept: Path | None = None  # where a filled-in old ledger was saved before it was replaced


def has_assignments(rows: list[TaskRow]) -> bool:
    """True when some task names a 牵头单位, 责任单位 or 完成时限: a ledger of bare task names
    is not what anyone asked for, and usually means the config has no ``task:`` yet."""
    return any(row.lead or row.units or row.due for row in rows if not row.is_section)


def default_ledger_path(root: Path, config_path: Path) -> Path:
    return root / "output" / f"{Path(config_path).stem}-{SHEET}{SUFFIX}"


def check_ledger_output(output: Path | str | None) -> None:
    """Refuse any output name but .xlsx before anything is built."""
    if output is None:
        return
    suffix = Path(output).suffix
    if suffix.lower() != SUFFIX:
        raise DrafterError(f"任务台账是 Excel 文件，文件名却以「{suffix or '（无扩展名）'}」结尾，未生成文件",
                           key="--output", hint="请改用 .xlsx 结尾，如 output/任务台账.xlsx")


def build_ledger(config_path: Path | str, *, output: Path | str | None = None, by_section: bool = False,
                 draft: bool = False, force: bool = False) -> LedgerResult:
    """Assemble the config and write its ledger atomically (default ``output/<config name>-任务台账.xlsx``).

    Refused: an output that is not .xlsx or lands on the config or in blocks/, configs/,
    templates/; a config none of whose items has a task; and, unless *force*, a ledger
    changed since drafter wrote it (its 进展 may have been filled in), which *force* first
    keeps in ``output/.history/``.
    """
    from .assembler import assemble
    from .builder import config_date, load
    from .fsutil import write_atomic
    from .outputs import one_writer, remember
    from .workspace import check_output, display_path, root_for

    config_path = Path(config_path)
    check_ledger_output(output)
    root = root_for(config_path)
    path = Path(output) if output else default_ledger_path(root, config_path)
    check_output(path, root, [config_path])
    config, library = load(config_path)
    doc = assemble(config, library, draft=draft)
    rows = task_rows(doc)
    shown = display_path(config_path, root)
    if not has_assignments(rows):
        raise DrafterError(
            "配置中没有任何条目写明牵头单位、责任单位或完成时限，无法生成任务台账", file=shown, key="sections",
            hint="请在条目下加 task: {lead: 牵头单位, units: 责任单位, due: 完成时限}，"
                 "或在块中给出参数 牵头单位、责任单位、完成时限")
    data = write_ledger(doc, by_section, config_date(config))
    with one_writer(root, path):
        kept = _guard(root, path, force)
        write_atomic(path, data)
        remember(root, path, data, shown)
    return LedgerResult(path, sum(1 for r in rows if not r.is_section),
                        len(_by_section(rows)) if by_section else 1, _blanks(rows), kept)


def _blanks(rows: list[TaskRow]) -> int:
    """Draft blanks the ledger shows (a task's words or unit may still be **)."""
    return sum(cell.count(Blank.TEXT) for row in rows for cell in row.cells())


def _guard(root: Path, path: Path, force: bool) -> Path | None:
    """Keep a ledger someone has filled in: refuse to replace it, or with *force* copy it to the
    history folder first (as :func:`drafter.outputs.guard` does for documents, but with advice
    that fits a spreadsheet: there is nothing to absorb back into the config)."""
    from .outputs import HISTORY, changed_since_built, keep_in_history
    from .workspace import display_path

    if not changed_since_built(root, path):
        return None
    if not force:
        raise OutputError(
            f"{display_path(path, root)} 在上次生成之后被修改过（可能已填写进展），为免丢失，未覆盖它",
            key="--output",
            hint=f"请用 -o 另存为新文件；确定要重新生成时加 --force（原文件会先保存到 output/{HISTORY}/）")
    return keep_in_history(root, path)


def ledger_summary(result: LedgerResult) -> str:
    """The line `drafter tasks` prints."""
    sheets = f"，分{result.sheets}个工作表" if result.sheets > 1 else ""
    note = f"（草稿：{result.blanks}处待填，显示为 **）" if result.blanks else ""
    saved = f"\n原文件有修改，已先保存到 {result.kept}" if result.kept else ""
    return f"已生成任务台账 {result.path}：{result.tasks}项任务{sheets}{note}{saved}"
