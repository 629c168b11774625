"""Word (.docx) with the office's own 红头: a .docx made in Word, filled in with docxtpl.

An office's 红头 file becomes a template by typing placeholders where the 发文字号 etc. go
(``{{ 发文字号 }}``) and the marker ``{{p 正文 }}`` alone on the paragraph where the body goes
(templates/README.md says how, step by step). The config names it as ``header.template``.

The body is exactly what :func:`drafter.writers.docx.write_docx` writes for the document
without its 版头 (styles 公文标题/正文/一级标题…, sections, page numbers, attachments, 版记);
docxtpl renders the template with the header fields as plain strings and puts the body in
place of the marker as a sub-document (docxcompose merges its styles and numbering).

What the sub-document insertion loses, and this module puts back from the body:

- the body's sections: docxcompose drops the body's last ``w:sectPr`` (the template's applies
  to the end of the document) and the header/footer references of the others, so the page
  numbers and the 版记 (a footer of its own section) would vanish. Every section of the body
  gets its page setup and footers back, the last one replacing the template's own;
- its styles: a template's ``Normal`` and document defaults (Word's 五号宋体, spacing after …)
  would apply to drafter's styles, which are based on Normal. Before insertion, each paragraph
  style of the body has its defaults and Normal written into it, and a style of the template
  with the same name as one of the body's (an office that made its template from a drafter
  document) is replaced by the body's;
- two settings the GB/T 9704 layout needs: odd/even page footers and no compressed
  punctuation (22 lines of 28 characters).

The template keeps everything else: its 红头's own formatting, its Normal for its own
paragraphs, its document properties beyond the ones drafter stamps. A 发文机关标志 too long
for one line at the template's size is made smaller until it fits, as drafter's own 红头 does.

Errors are Chinese and name the template: not a .docx, no ``{{p 正文 }}`` (or more than one,
in a table, in a header, not alone on its paragraph), a placeholder drafter does not know, a
placeholder written wrongly.
"""

from __future__ import annotations

import re
import zipfile
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from .. import layout
from ..errors import DrafterError, did_you_mean, raise_all
from ..model import Document
from ..workspace import display_path
from . import WriterOptions, timestamp

# The placeholders an office may use, in the order the README lists them.
PLACEHOLDERS = ("发文机关标志", "发文字号", "签发人", "份号", "密级", "紧急程度", "主送机关", "标题", "年度", "成文日期")
BODY = "正文"
MARKER = "{{p 正文 }}"

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_MARKER_FORM = re.compile(rf"^p\s+{BODY}\s*$")
_NAMES_BODY = re.compile(rf"(?<!\w){BODY}(?!\w)")
_ORGAN_PLACEHOLDER = re.compile(r"\{\{\s*发文机关标志\s*\}\}")
# What a body's sectPr is tagged with before insertion, to be found again after it
# (w:rsidSect is an 8-digit hex attribute of w:sectPr that Word ignores for layout).
_SECTION_TAG = "DF{:06X}"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def write_with_template(doc: Document, options: WriterOptions | None = None) -> bytes:
    """The document in the office's 红头 template ``doc.header.template``."""
    options = options or WriterOptions()
    assert doc.header is not None and doc.header.template is not None
    path = Path(doc.header.template)
    shown = display_path(path, Path.cwd())
    try:
        from docxcompose.utils import NS as docxcompose_namespaces  # docxtpl's sub-documents need it
        from docxtpl import DocxTemplate
    except ImportError as e:  # pragma: no cover - an incomplete install
        raise DrafterError(f"使用红头模板需要 docxtpl 和 docxcompose，但没有安装（{e.name}）", key="header.template",
                           hint="请重新安装 drafter：pip install drafter") from None
    _restore_core_namespace()
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from .docx import write_docx
    from .ziputil import repack

    context = _context(doc)
    tpl = DocxTemplate(BytesIO(_read(path, shown)))
    try:
        tpl.init_docx()
    except Exception:  # python-docx raises many kinds for a file that is not a Word document
        raise _not_docx(shown) from None
    _check_marker(tpl.docx, shown)
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    _check_placeholders(tpl, env, shown)

    import docx

    body_data = write_docx(replace(doc, header=None), options)
    body = docx.Document(BytesIO(body_data))
    _flatten_styles(body)
    inner = _tag_sections(body)
    tagged = BytesIO()
    body.save(tagged)
    _fit_organ(tpl.docx, context["发文机关标志"], body)

    with _namespaces(docxcompose_namespaces):
        context[BODY] = tpl.new_subdoc(BytesIO(tagged.getvalue()))
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except TemplateError as e:
        raise DrafterError(f"填写红头模板时出错：{e.message or e}", file=shown, key="header.template",
                           hint="占位符只能是 " + _names()) from None

    result = tpl.docx
    ids = _sync_styles(result, body)
    _restore_sections(result, body, inner, ids)
    _copy_settings(result, body)
    _copy_properties(result, body)
    out = BytesIO()
    result.save(out)
    return repack(out.getvalue(), timestamp(options.date))


# -- docxcompose's namespace prefixes ------------------------------------------------------
_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def _restore_core_namespace() -> None:
    """Importing docxcompose (docxtpl does) rebinds python-docx's prefix ``cp`` from the core
    properties to the custom properties namespace, for the whole process: every docx saved
    afterwards, by any writer, gets its title, keywords … in the wrong namespace, twice. Put
    python-docx's binding back; :func:`_namespaces` lends docxcompose its own while it runs."""
    from docx.oxml.ns import nsmap

    nsmap["cp"] = _CORE_PROPERTIES


@contextmanager
def _namespaces(bindings: dict[str, str]):
    from docx.oxml.ns import nsmap

    saved = {prefix: nsmap.get(prefix) for prefix in bindings}
    nsmap.update(bindings)
    try:
        yield
    finally:
        for prefix, uri in saved.items():
            if uri is None:
                nsmap.pop(prefix, None)
            else:
                nsmap[prefix] = uri


# -- the template --------------------------------------------------------------------------
def _read(path: Path, shown: str) -> bytes:
    from ..errors import os_message

    try:
        data = path.read_bytes()
    except OSError as e:
        raise DrafterError(f"无法读取红头模板（{os_message(e)}）", file=shown, key="header.template") from None
    if not zipfile.is_zipfile(BytesIO(data)):
        raise _not_docx(shown)
    return data


def _not_docx(shown: str) -> DrafterError:
    return DrafterError("红头模板不是有效的 Word 文档（.docx）", file=shown, key="header.template",
                        hint="请在 Word 或 WPS 中打开它，另存为“Word 文档(*.docx)”后再试")


def _context(doc: Document) -> dict[str, str]:
    """The placeholders' values, plain strings; empty where the config gives none."""
    header = doc.header

    def text(paragraph) -> str:
        return str(paragraph) if paragraph is not None else ""

    title = doc.notice.title if doc.notice is not None else doc.title
    return {
        "发文机关标志": text(header.organ),
        "发文字号": text(header.number),
        "签发人": text(header.signers),
        "份号": text(header.copy_number),
        "密级": text(header.secrecy),
        "紧急程度": text(header.urgency),
        "主送机关": text(doc.recipients),
        "标题": str(title),
        "年度": str(doc.year) if doc.year else "",
        "成文日期": str(doc.signature.date) if doc.signature is not None else "",
    }


def _names() -> str:
    return "、".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS) + f"，正文位置 {MARKER}"


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_w("t")))


def _story_paragraphs(document):
    """(where, paragraph) for the body and each header and footer of the template."""
    for p in document.element.body.iter(_w("p")):
        yield "body", p
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            for p in rel.target_part.element.iter(_w("p")):
                yield "页眉" if rel.reltype.endswith("/header") else "页脚", p


def _check_marker(document, shown: str) -> None:
    """Exactly one ``{{p 正文 }}``, in the body, outside tables, alone on its paragraph."""
    found = 0
    full_width = False
    marker = None
    for where, p in _story_paragraphs(document):
        text = _paragraph_text(p)
        full_width = full_width or "｛" in text or "｝" in text
        for match in _EXPRESSION.finditer(text):
            inner = match.group(1) if match.group(1) is not None else match.group(2)
            if not _NAMES_BODY.search(inner):
                continue
            quoted = match.group(0)
            if match.group(1) is None or not _MARKER_FORM.match(inner):
                raise DrafterError(f"红头模板中的正文标记写成了「{quoted}」", file=shown, key="header.template",
                                   hint=f"请写成 {MARKER}（p 紧跟在 {{{{ 之后），单独占一段")
            if where != "body":
                raise DrafterError(f"红头模板的{where}里有正文标记 {MARKER}", file=shown, key="header.template",
                                   hint="正文标记须在页面正文中单独占一段，不能放在页眉页脚里")
            if any(a.tag == _w("tc") for a in p.iterancestors()):
                raise DrafterError(f"红头模板的正文标记 {MARKER} 在表格里", file=shown, key="header.template",
                                   hint="请把它移到表格下方，单独占一段")
            if p.getparent() is not document.element.body:
                raise DrafterError(f"红头模板的正文标记 {MARKER} 在文本框或内容控件里", file=shown,
                                   key="header.template", hint="请把它放在页面中，单独占一段")
            if text.strip() != quoted:
                raise DrafterError(f"红头模板的正文标记 {MARKER} 所在的段落里还有别的文字：「{text.strip()}」",
                                   file=shown, key="header.template",
                                   hint="正文会替换整个段落，请让标记单独占一段")
            found += 1
            marker = p
    if found == 0:
        hint = f"请在红头下方要放正文的位置另起一段，只输入 {MARKER}"
        if full_width:
            hint += "；模板中有全角花括号「｛｝」，占位符须用半角（英文输入法）的 { }"
        raise DrafterError(f"红头模板中没有正文标记 {MARKER}", file=shown, key="header.template", hint=hint)
    if found > 1:
        raise DrafterError(f"红头模板中有{found}处正文标记 {MARKER}，只能有一处", file=shown, key="header.template")
    _clear_after_marker(document, marker, shown)


def _clear_after_marker(document, marker, shown: str) -> None:
    """Nothing may follow the marker but empty paragraphs, which are dropped: what the template
    had after it would come after the body's 版记. (A sample body or 版记 left in an office's
    红头 file is the usual case.)"""
    body = document.element.body
    for el in list(marker.itersiblings()):
        if el.tag == _w("sectPr"):
            break
        if el.tag == _w("p"):
            text = _paragraph_text(el).strip()
            content = text or any(True for _ in el.iter(_w("drawing"), _w("pict"), _w("object"), _w("sectPr")))
            if not content:
                body.remove(el)
                continue
            shown_text = f"「{text[:30]}{'…' if len(text) > 30 else ''}」" if text else "图片或分节符"
        elif el.tag in (_w("tbl"), _w("sdt")):
            shown_text = "表格" if el.tag == _w("tbl") else "内容控件"
        else:
            continue  # bookmarks and the like
        raise DrafterError(f"红头模板中正文标记 {MARKER} 之后还有内容：{shown_text}", file=shown,
                           key="header.template",
                           hint="正文标记须是模板的最后一段：请删去它后面的示例正文、版记等（版记由配置中的 imprint 生成）")


def _check_placeholders(tpl, env, shown: str) -> None:
    """Every placeholder is one drafter knows; one written wrongly is quoted."""
    from jinja2 import TemplateSyntaxError

    for _, p in _story_paragraphs(tpl.docx):
        text = _paragraph_text(p)
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            # docxtpl would read on into the next paragraphs looking for the closing braces
            raise DrafterError(f"红头模板中有写法不对的占位符「{text.strip()[:40]}」（花括号不成对）", file=shown,
                               key="header.template", hint="占位符写成 {{ 名称 }}：两对半角花括号，写在同一段里")
    try:
        used = tpl.get_undeclared_template_variables(jinja_env=env)
    except TemplateSyntaxError:
        raise DrafterError(f"红头模板中有写法不对的占位符{_bad_expression(tpl.docx, env)}", file=shown,
                           key="header.template",
                           hint="占位符写成 {{ 名称 }}：两对半角花括号，名称是 " + _names()) from None
    errors = []
    for name in sorted(used - set(PLACEHOLDERS) - {BODY}):
        errors.append(DrafterError(f"红头模板中的占位符 {{{{ {name} }}}} 不是 drafter 能填写的", file=shown,
                                   key="header.template",
                                   hint=did_you_mean(name, PLACEHOLDERS) or "可用的占位符：" + _names()))
    raise_all(errors)


def _bad_expression(document, env) -> str:
    """「…」 quoting the first placeholder that does not parse on its own, if one does not."""
    from jinja2 import TemplateSyntaxError

    for _, p in _story_paragraphs(document):
        text = _paragraph_text(p)
        for match in re.finditer(r"\{\{.*?\}\}", text):
            expression = match.group(0)
            if expression.startswith("{{p ") or expression.startswith("{{r "):
                expression = "{{" + expression[3:]
            try:
                env.parse(expression)
            except TemplateSyntaxError:
                return f"「{match.group(0)}」"
    return ""


def _fit_organ(document, organ: str, body) -> None:
    """A 发文机关标志 wider than its line at the template's size: smaller, in half points,
    until it fits one line (and its exact line height with it), as drafter's own 红头 does."""
    if not organ:
        return
    section = body.sections[0]
    width = section.page_width - section.left_margin - section.right_margin  # EMU
    width_twips = width / 635
    for p in document.element.body.iter(_w("p")):
        text = _paragraph_text(p)
        if not _ORGAN_PLACEHOLDER.search(text):
            continue
        shown_text = _ORGAN_PLACEHOLDER.sub(lambda m: organ, _EXPRESSION.sub(
            lambda m: m.group(0) if _ORGAN_PLACEHOLDER.fullmatch(m.group(0)) else "", text))
        sizes = [int(sz.get(_w("val"))) for sz in p.iter(_w("sz")) if (sz.get(_w("val")) or "").isdigit()]
        if not sizes:
            continue
        size = max(sizes) / 2  # points
        ind = p.find(f"{_w('pPr')}/{_w('ind')}")
        available = width_twips
        if ind is not None:
            for side in ("left", "right", "start", "end"):
                value = ind.get(_w(side))
                if value and value.lstrip("-").isdigit():
                    available -= int(value)
        chars = layout.text_width_chars(shown_text.strip())
        if chars * size * layout.TWIPS_PER_PT <= available:
            continue
        smaller = int(available / layout.TWIPS_PER_PT / max(chars, 1) * 2) / 2
        for sz in list(p.iter(_w("sz"))) + list(p.iter(_w("szCs"))):
            sz.set(_w("val"), str(round(smaller * 2)))
        spacing = p.find(f"{_w('pPr')}/{_w('spacing')}")
        if spacing is not None and spacing.get(_w("lineRule")) == "exact" \
                and spacing.get(_w("line")) == str(round(size * layout.TWIPS_PER_PT)):
            spacing.set(_w("line"), str(round(smaller * layout.TWIPS_PER_PT)))


# -- the body's styles ---------------------------------------------------------------------
def _flatten_styles(body) -> None:
    """Write the document defaults and each paragraph style's ancestors (Normal …) into it, so
    that it looks the same under the template's Normal and defaults; the same for the
    paragraphs with no style (the ones that carry a section break)."""
    from .docx_oxml import _PPR_ORDER, _RPR_ORDER

    styles = body.styles.element
    by_id = {s.get(_w("styleId")): s for s in styles.findall(_w("style"))}
    defaults = styles.find(_w("docDefaults"))
    base_ppr = defaults.find(f"{_w('pPrDefault')}/{_w('pPr')}") if defaults is not None else None
    base_rpr = defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}") if defaults is not None else None

    def chain(style) -> list:
        seen, out = set(), []
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            out.append(style)
            based = style.find(_w("basedOn"))
            style = by_id.get(based.get(_w("val"))) if based is not None else None
        return out[::-1]

    flat: dict[str, tuple] = {}
    for style in by_id.values():
        if style.get(_w("type")) != "paragraph":
            continue
        links = chain(style)
        ppr = _merge([base_ppr] + [s.find(_w("pPr")) for s in links], "pPr", _PPR_ORDER)
        rpr = _merge([base_rpr] + [s.find(_w("rPr")) for s in links], "rPr", _RPR_ORDER)
        flat[style.get(_w("styleId"))] = (ppr, rpr)
    for style_id, (ppr, rpr) in flat.items():
        style = by_id[style_id]
        for tag, new in (("pPr", ppr), ("rPr", rpr)):
            old = style.find(_w(tag))
            if old is not None:
                style.replace(old, new)
            elif tag == "pPr" and style.find(_w("rPr")) is not None:
                style.find(_w("rPr")).addprevious(new)
            else:
                style.append(new)

    # paragraphs with no style: Normal's properties written on them
    normal_id = next((i for i, s in by_id.items()
                      if s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true")), None)
    if normal_id is None or normal_id not in flat:
        return
    normal_ppr, normal_rpr = flat[normal_id]
    stories = [body.element.body] + [rel.target_part.element for rel in body.part.rels.values()
                                     if rel.reltype.endswith(("/header", "/footer"))]
    for story in stories:
        for p in story.iter(_w("p")):
            ppr = p.find(_w("pPr"))
            if ppr is not None and ppr.find(_w("pStyle")) is not None:
                continue
            merged = _merge([normal_ppr, ppr], "pPr", _PPR_ORDER, keep=("rPr", "sectPr", "pPrChange"))
            if ppr is not None:
                p.replace(ppr, merged)
            else:
                p.insert(0, merged)
            mark = merged.find(_w("rPr"))
            if mark is None:
                mark = deepcopy(normal_rpr)
                before = merged.find(_w("sectPr"))
                if before is not None:
                    before.addprevious(mark)
                else:
                    merged.append(mark)
            else:
                merged.replace(mark, _merge([normal_rpr, mark], "rPr", _RPR_ORDER))
            for r in p.iter(_w("r")):
                rpr = r.find(_w("rPr"))
                if rpr is not None and rpr.find(_w("rStyle")) is not None:
                    continue  # a character style sets its own; drafter's runs in plain paragraphs have none
                new = _merge([normal_rpr, rpr], "rPr", _RPR_ORDER)
                if rpr is not None:
                    r.replace(rpr, new)
                else:
                    r.insert(0, new)


def _merge(layers, tag: str, order, keep: tuple[str, ...] = ()):
    """One w:pPr/w:rPr from *layers*, lowest first: a later element of the same name overrides
    an earlier one attribute by attribute (spacing before from one, line from another, as Word
    inherits them); an element with children (borders, tabs) is taken whole. Children named in
    *keep* are taken from the last layer only and kept at the end (a paragraph's own mark and
    section properties). Style-only children (pStyle, rStyle) are never inherited."""
    from docx.oxml import OxmlElement

    merged: dict[str, object] = {}
    for layer in layers:
        if layer is None:
            continue
        for child in layer:
            if not isinstance(child.tag, str):
                continue
            local = child.tag.rsplit("}", 1)[-1]
            if local in keep or local in ("pStyle", "rStyle"):
                continue
            if len(child) or local not in merged:
                merged[local] = deepcopy(child)
            else:
                target = merged[local]
                for name, value in child.attrib.items():
                    target.set(name, value)
    out = OxmlElement(f"w:{tag}")
    last = layers[-1]
    if last is not None:
        for style_tag in ("pStyle", "rStyle"):
            el = last.find(_w(style_tag))
            if el is not None:
                out.append(deepcopy(el))
    rank = {name: i for i, name in enumerate(order)}
    for local in sorted(merged, key=lambda n: rank.get(n, len(rank))):
        out.append(merged[local])
    if last is not None:
        for local in keep:
            el = last.find(_w(local))
            if el is not None:
                out.append(deepcopy(el))
    return out


def _style_name(style) -> str:
    name = style.find(_w("name"))
    return (name.get(_w("val")) if name is not None else style.get(_w("styleId"))) or ""


def _sync_styles(result, body) -> dict[str, str]:
    """Put every style of the body into the result, replacing a template style of the same name
    (or, failing that, the same id); the document defaults — Normal, the default table … — stay
    the template's. Returns the body's style ids → the result's."""
    ours = result.styles.element
    by_name = {_style_name(s).lower(): s for s in ours.findall(_w("style"))}
    by_id = {s.get(_w("styleId")): s for s in ours.findall(_w("style"))}
    ids: dict[str, str] = {}
    added = []
    for style in body.styles.element.findall(_w("style")):
        body_id = style.get(_w("styleId"))
        existing = by_name.get(_style_name(style).lower())
        if existing is None:
            existing = by_id.get(body_id)
        if style.get(_w("default")) in ("1", "true"):
            if existing is not None:
                ids[body_id] = existing.get(_w("styleId"))
            continue
        new = deepcopy(style)
        if existing is not None:
            new.set(_w("styleId"), existing.get(_w("styleId")))
            existing.addprevious(new)
            ours.remove(existing)
        else:
            ours.append(new)
        ids[body_id] = new.get(_w("styleId"))
        added.append(new)
    for new in added:  # basedOn, next and link name the body's ids
        for tag in ("basedOn", "next", "link"):
            el = new.find(_w(tag))
            if el is not None and el.get(_w("val")) in ids:
                el.set(_w("val"), ids[el.get(_w("val"))])
    return ids


# -- the body's sections -------------------------------------------------------------------
def _tag_sections(body) -> list:
    """Tag the sectPr of every section of the body but the last; returns copies of them
    as the body wrote them (with their header/footer references)."""
    inner = []
    for i, sect in enumerate(body.element.body.iter(_w("sectPr"))):
        if sect.getparent() is body.element.body:
            continue  # the last section's, which docxtpl drops
        inner.append(deepcopy(sect))
        sect.set(_w("rsidSect"), _SECTION_TAG.format(len(inner)))
    return inner


def _restore_sections(result, body, inner: list, ids: dict[str, str]) -> None:
    """Each section of the body gets back its sectPr as the body wrote it, with its headers and
    footers copied in; the last one replaces the template's. The template's own headers and
    footers, no longer referenced, are dropped."""
    copied: dict[str, str] = {}
    tagged = {s.get(_w("rsidSect")): s for s in result.element.body.iter(_w("sectPr"))}
    for n, original in enumerate(inner, start=1):
        target = tagged.get(_SECTION_TAG.format(n))
        if target is not None:
            target.getparent().replace(target, _with_parts(original, result, body, copied, ids))
    last = result.element.body.find(_w("sectPr"))
    new_last = _with_parts(deepcopy(body.element.body.find(_w("sectPr"))), result, body, copied, ids)
    if last is not None:
        result.element.body.replace(last, new_last)
    else:
        result.element.body.append(new_last)
    used = {ref.get(f"{{{R_NS}}}id") for ref in result.element.body.iter(_w("headerReference"), _w("footerReference"))}
    for rel_id, rel in list(result.part.rels.items()):
        if rel.reltype.endswith(("/header", "/footer")) and rel_id not in used:
            result.part.drop_rel(rel_id)


def _with_parts(sect, result, body, copied: dict[str, str], ids: dict[str, str]):
    """*sect* with each header/footer it references copied from the body into the result."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.parts.hdrftr import FooterPart, HeaderPart

    for ref in list(sect.iter(_w("headerReference"), _w("footerReference"))):
        rel_id = ref.get(f"{{{R_NS}}}id")
        source = body.part.related_parts[rel_id]
        key = str(source.partname)
        if key not in copied:
            footer = ref.tag == _w("footerReference")
            cls, pattern, content_type, reltype = (
                (FooterPart, "/word/footer%d.xml", CT.WML_FOOTER, RT.FOOTER) if footer
                else (HeaderPart, "/word/header%d.xml", CT.WML_HEADER, RT.HEADER))
            element = deepcopy(source.element)
            for el in element.iter(_w("pStyle"), _w("rStyle"), _w("tblStyle")):
                if el.get(_w("val")) in ids:
                    el.set(_w("val"), ids[el.get(_w("val"))])
            package = result.part.package
            part = cls(package.next_partname(pattern), content_type, element, package)
            copied[key] = result.part.relate_to(part, reltype)
        ref.set(f"{{{R_NS}}}id", copied[key])
    if sect.get(_w("rsidSect"), "").startswith("DF"):
        del sect.attrib[_w("rsidSect")]
    return sect


# -- settings and properties ---------------------------------------------------------------
def _copy_settings(result, body) -> None:
    """Odd/even page footers and the punctuation setting as the body has them."""
    result.settings.odd_and_even_pages_header_footer = body.settings.odd_and_even_pages_header_footer
    theirs = body.settings.element.find(_w("characterSpacingControl"))
    ours = result.settings.element
    old = ours.find(_w("characterSpacingControl"))
    if theirs is None:
        if old is not None:
            ours.remove(old)
        return
    new = deepcopy(theirs)
    if old is not None:
        ours.replace(old, new)
        return
    seq = list(type(ours)._tag_seq)
    position = seq.index("w:characterSpacingControl")
    later = {_w(t.split(":", 1)[1]) for t in seq[position + 1:] if t.startswith("w:")}
    for child in ours:
        if child.tag in later:
            child.addprevious(new)
            return
    ours.append(new)


def _copy_properties(result, body) -> None:
    """The document properties drafter stamps (title, dates, revision …), from the body."""
    ours, theirs = result.core_properties, body.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "category", "last_modified_by"):
        setattr(ours, name, getattr(theirs, name) or "")
    for name in ("created", "modified"):
        value = getattr(theirs, name)
        if value is not None:
            setattr(ours, name, value)
    ours.revision = theirs.revision or 1
