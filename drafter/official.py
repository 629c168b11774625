"""The wording of the official document's fixed parts: the one place that spells them.

GB/T 9704-2012 fixes more than layout: the 发文字号 is written ``县政党发〔2023〕5号`` (six-corner
brackets, no 第, no zero padding), the 附件说明 reads ``附件：1.…``, an attachment's page opens
with ``附件1`` (``附件`` when there is only one), 抄送 names are separated by ``，`` and end with
``。``, the 印发日期 reads ``2023年2月10日印发``. The assembler, the flow (labels) and the
writers all take these from here.
"""

from __future__ import annotations

import re
from string import Formatter

from .model import Text

SIGNERS_LABEL = "签发人："
CC_LABEL = "抄送："
NOTE_LABEL = "附件："
SIGNER_SEPARATOR = "\u3000"  # names of several 签发人 are separated by a full-width space
CC_SEPARATOR = "，"
PRINTED_SUFFIX = "印发"
TASKS_SUFFIX = "任务分解表"

# 县政党发〔2023〕5号: organ code, year in brackets, serial, 号 — half-width Arabic digits, no spaces.
DOC_NUMBER = re.compile(r"^(?P<prefix>[^\s〔〕\[\]()（）【】［］{}]*)〔(?P<year>[0-9]{4})〕(?P<serial>[1-9][0-9]*)号$")
# What people type instead: any bracket pair around the year, 第 before the serial, zeros in front,
# spaces, full-width digits (\d matches them; int() reads them).
_LOOSE_NUMBER = re.compile(
    r"^(?P<prefix>.*?)\s*[〔\[(（【［{]\s*(?P<year>\d{4})\s*[〕\])）】］}]\s*第?\s*(?P<serial>\d+)\s*号?$"
)


def doc_number_problem(number: str) -> tuple[str, str | None] | None:
    """Why *number* is not a 发文字号 as GB/T 9704 7.2.4 writes it, and the corrected form when
    one can be told (``None`` when it is right)."""
    if DOC_NUMBER.match(number):
        return None
    loose = _LOOSE_NUMBER.match(number.strip())
    if loose is None or int(loose["serial"]) == 0:
        return "发文字号应写成“机关代字〔年份〕序号号”，如“县政党发〔2023〕5号”", None
    prefix = re.sub(r"\s", "", loose["prefix"])
    fixed = f"{prefix}〔{int(loose['year'])}〕{int(loose['serial'])}号"
    reasons = []
    if not re.search(r"〔\d{4}〕", number):
        reasons.append("年份用六角括号〔〕括入")
    if "第" in number:
        reasons.append("序号前不加“第”")
    if loose["serial"].startswith(("0", "０")):
        reasons.append("序号不编虚位（不写成 05）")
    if not number.strip().endswith("号"):
        reasons.append("序号后加“号”")
    if re.search(r"[０-９]", number):
        reasons.append("年份和序号用半角阿拉伯数字")
    if re.search(r"\s", number.strip()):
        reasons.append("中间不留空格")
    if not reasons:
        reasons.append("多余的空格或符号")
    return "发文字号格式不对：" + "，".join(reasons), fixed


# Sentences drafter writes itself, filled with Text (values and draft blanks keep their spans).
NOTICE_TITLE = "{issuer}关于印发《{title}》的通知"  # the 印发通知's title
NOTICE_SENTENCE = "现将《{title}》印发给你们，请结合实际认真贯彻落实。"  # its default body
TASKS_TITLE = "{title}任务分解表"


def usual_notice_title(doc) -> Text:
    """The 印发通知's title drafter writes when the config gives none: ``<署名>关于印发《标题》的通知``,
    the issuer being the 署名, else the organ named by the 发文机关标志."""
    if doc.signature is not None:
        issuer = doc.signature.issuer
    elif doc.header is not None:
        issuer = organ_name(doc.header.organ.text)
    else:
        issuer = Text()
    return fill(NOTICE_TITLE, issuer=issuer, title=doc.title)


def fill(template: str, **texts: Text) -> Text:
    """*template* with each ``{name}`` replaced by the Text given for it."""
    parts: list = []
    for literal, name, _spec, _conv in Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.extend(texts[name].parts)
    return Text.of(*parts)


def join(texts: list[Text], separator: str) -> Text:
    parts: list = []
    for i, text in enumerate(texts):
        if i:
            parts.append(separator)
        parts.extend(text.parts)
    return Text.of(*parts)


def strip_end(text: Text, chars: str) -> Text:
    """*text* without *chars* (and spaces) at its end, when its last part is plain text."""
    parts = list(text.parts)
    while parts and isinstance(parts[-1], str):
        stripped = parts[-1].rstrip(chars + " \u3000")
        if stripped:
            parts[-1] = stripped
            break
        parts.pop()
    return Text.of(*parts)


def signers_text(names: list[Text]) -> Text:
    return join(names, SIGNER_SEPARATOR)


def cc_text(names: list[Text]) -> Text:
    """``县委办公室，县人大常委会办公室。`` (7.4.2): names separated by ，, a full stop at the end."""
    names = [strip_end(name, "，,、。.;；") for name in names]
    names = [name for name in names if str(name).strip()]
    return Text.of(*join(names, CC_SEPARATOR).parts, "。") if names else Text()


def printed_text(date: Text) -> Text:
    """``2023年2月10日印发`` (7.4.3)."""
    return date if str(date).endswith(PRINTED_SUFFIX) else Text.of(*date.parts, PRINTED_SUFFIX)


def recipients_text(recipients: Text) -> Text:
    """The 主送 line ends with a full-width colon (7.3.2)."""
    text = strip_end(recipients, ":：，,、。.;；")
    return Text.of(*text.parts, "：") if text else Text()


def organ_name(organ: Text) -> Text:
    """The issuing organ's name from its 发文机关标志 (``中共××县委员会文件`` → ``中共××县委员会``)."""
    parts = list(organ.parts)
    if parts and isinstance(parts[-1], str) and parts[-1].endswith("文件") and str(organ) != "文件":
        parts[-1] = parts[-1][:-2]
    return Text.of(*parts)


def attachment_label(index: int, count: int) -> str:
    """``附件1`` on the first line of an attachment's page; ``附件`` when it is the only one (7.3.4)."""
    return "附件" if count == 1 else f"附件{index}"


def note_label(index: int, count: int) -> str:
    """The label of one line of the 附件说明: ``附件：`` for a single attachment, ``附件：1.`` then
    ``2.`` … for several (the later lines are indented to align with the first name)."""
    if count == 1:
        return NOTE_LABEL
    return f"{NOTE_LABEL}{index}." if index == 1 else f"{index}."
