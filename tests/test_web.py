"""`drafter serve`: every route through Starlette's test client, refusals included.

A copy of the repository's workspace (blocks, configs, templates) in tmp_path is served; each
change is made through the page's own forms (token, digest) and checked in the YAML file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml as pyyaml

from drafter.editing import file_digest

starlette = pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from drafter.web.app import create_app  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TOKEN = "test-token-0123456789"
CONFIG = "gov-integrity-2023.yaml"
NOTICE = "gov-party-group-party-building-2023-notice.yaml"


@pytest.fixture()
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    for name in ("blocks", "configs", "templates"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture()
def client(ws):
    app = create_app(ws, token=TOKEN, hosts=["testserver"], jobs=1)
    with TestClient(app) as c:
        r = c.get(f"/?token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303
        yield c


def cfg(ws: Path, name: str = CONFIG) -> Path:
    return ws / "configs" / name


def form(ws: Path, name: str = CONFIG, **extra) -> dict:
    return {"csrf": TOKEN, "c": name, "digest": file_digest(cfg(ws, name)), **extra}


def flashes(client, url: str) -> list[str]:
    return re.findall(r'class="flash[^"]*">([^<]*)', client.get(url).text)


def data(path: Path):
    return pyyaml.safe_load(path.read_text(encoding="utf-8"))


# -- who may use it ---------------------------------------------------------------------------------
def test_without_token_every_page_is_refused(ws):
    app = create_app(ws, token=TOKEN, hosts=["testserver"])
    with TestClient(app) as c:
        for url in ("/", f"/doc?c={CONFIG}", "/blocks", "/static/app.css", f"/download/docx?c={CONFIG}"):
            r = c.get(url)
            assert r.status_code == 403, url
            assert "需要访问令牌" in r.text
        assert c.get("/?token=wrong").status_code == 403
        before = cfg(ws).read_bytes()
        r = c.post("/doc/remove", data=form(ws, p="sections/0/items/0"))
        assert r.status_code == 403
        assert cfg(ws).read_bytes() == before


def test_token_once_in_the_address_then_a_cookie(ws):
    app = create_app(ws, token=TOKEN, hosts=["testserver"])
    with TestClient(app) as c:
        r = c.get(f"/doc?c={CONFIG}&token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303
        assert "token" not in r.headers["location"] and r.headers["location"].startswith("/doc?c=")
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert c.get("/").status_code == 200
        assert c.get("/static/app.js").status_code == 200


def test_other_hosts_are_refused(ws):
    """A site that points its own name at 127.0.0.1 (DNS rebinding) gets nothing."""
    app = create_app(ws, token=TOKEN, hosts=["127.0.0.1:8765"])
    with TestClient(app, base_url="http://evil.example") as c:
        r = c.get(f"/?token={TOKEN}")
        assert r.status_code == 400
        assert "地址不对" in r.text


def test_posts_need_the_form_token_and_this_origin(client, ws):
    before = cfg(ws).read_bytes()
    no_csrf = {k: v for k, v in form(ws, p="sections/0/items/0").items() if k != "csrf"}
    r = client.post("/doc/remove", data=no_csrf)
    assert r.status_code == 403 and "令牌" in r.text
    r = client.post("/doc/remove", data=form(ws, p="sections/0/items/0"), headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post(f"/doc/remove?token={TOKEN}", data=form(ws, p="sections/0/items/0"))
    assert r.status_code == 403
    assert cfg(ws).read_bytes() == before


def test_pages_allow_nothing_from_elsewhere(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "http" not in csp
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    assert r.headers["referrer-policy"] == "same-origin"
    # no script, style or font from another site in any template or style sheet
    web = REPO / "drafter" / "web"
    for path in [*web.glob("templates/*.html"), *web.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert "url(http" not in text and "@import" not in text, path


def test_paths_outside_the_workspace_are_refused(client, ws):
    (ws.parent / "secret.yaml").write_text("title: x\n", encoding="utf-8")
    for url in ("/doc?c=../../secret.yaml", "/doc?c=/etc/passwd", "/doc?c=../blocks/政治建设.yaml",
                f"/doc/compare?c={CONFIG}&old=../secret.yaml", "/download/docx?c=../../secret.yaml",
                "/doc/values?c=..%2F..%2Fsecret.yaml"):
        r = client.get(url)
        assert r.status_code in (400, 403), url
        assert "路径不在工作区内" in r.text or "只能" in r.text, url
    assert client.get("/doc?c=nothing.yaml").status_code == 404
    assert client.get("/doc?c=").status_code == 400
    r = client.post("/doc/remove", data={"csrf": TOKEN, "c": "../../secret.yaml", "digest": "x", "p": "sections/0"})
    assert r.status_code == 403
    assert (ws.parent / "secret.yaml").read_text(encoding="utf-8") == "title: x\n"


def test_unknown_pages_in_chinese(client):
    r = client.get("/nothing")
    assert r.status_code == 404 and "没有这个页面" in r.text
    assert client.get("/download/exe?c=" + CONFIG).status_code == 404


# -- the documents --------------------------------------------------------------------------------
def test_home_lists_configs_with_title_year_kind_build_and_check(client, ws):
    r = client.get("/")
    assert r.status_code == 200
    assert "2023年县政府系统党风廉政建设和反腐败工作要点" in r.text
    assert "党风廉政建设工作要点" in r.text and "2023" in r.text
    assert "未生成" in r.text and "未发现问题" in r.text
    assert re.search(r"\d+ 处（必错 \d+）", r.text)  # the 2022 examples have known slips
    for path in (ws / "configs").glob("*.yaml"):
        assert path.name in r.text


def test_roll_from_the_page(client, ws):
    r = client.post("/new/roll", data={"csrf": TOKEN, "c": CONFIG, "to": "2024"})
    assert r.status_code == 200
    assert "已把 configs/gov-integrity-2023.yaml（2023 年）滚动到 2024 年" in r.text
    assert (ws / "configs" / "gov-integrity-2024.yaml").is_file()
    assert "/doc?c=gov-integrity-2024.yaml" in r.text
    again = client.post("/new/roll", data={"csrf": TOKEN, "c": CONFIG, "to": "2024"})
    assert again.status_code == 400 and "文件已存在" in again.text
    assert client.post("/new/roll", data={"csrf": TOKEN, "c": CONFIG, "to": "二〇二四"},
                       follow_redirects=False).status_code == 303


def test_import_an_upload(client, ws):
    text = "2023年某县工作要点\n一、加强政治建设\n1.坚持党的领导。全年开展学习12次。\n"
    r = client.post("/new/import", data={"csrf": TOKEN, "name": "web-import"},
                    files={"file": ("去年.txt", text.encode("utf-8"), "text/plain")})
    assert r.status_code == 200, r.text
    assert "已导入" in r.text and "configs/web-import.yaml" in r.text
    assert (ws / "configs" / "web-import.yaml").is_file()
    bad = client.post("/new/import", data={"csrf": TOKEN}, files={"file": ("x.exe", b"MZ", "application/octet-stream")},
                      follow_redirects=False)
    assert bad.status_code == 303
    assert any("不能导入" in f for f in flashes(client, "/"))


# -- one document ---------------------------------------------------------------------------------
def test_the_outline_shows_numbering_and_the_preview_the_paper(client):
    r = client.get(f"/doc?c={CONFIG}")
    assert r.status_code == 200
    html = r.text
    assert "一、" in html and "提高政治站位" in html and '<span class="label">1.</span>' in html
    assert 'class="sheet' in html and "— 1 —" in html  # pages with page numbers
    assert 'class="row title' in html
    assert "政治建设/突出抓好政治建设" in html  # the block each item comes from
    assert "校对" in html and "未发现问题" in html


def test_official_parts_in_the_preview(client):
    html = client.get(f"/doc?c={NOTICE}").text
    assert 'class="row organ' in html and "rule" in html  # 红头 with its red rule
    assert "关于印发" in html
    assert 'class="imprint-block"' in html  # 版记
    assert 'class="sheet landscape' in html and "<table class=\"tasks\">" in html  # 任务分解表


def test_add_a_block_where_asked_keeping_comments(client, ws):
    r = client.get(f"/doc/add?c={CONFIG}&list=sections/0/items&at=1&q=指示批示")
    assert r.status_code == 200
    assert "政治建设/贯彻落实总书记重要指示批示精神" in r.text
    assert "建立健全贯彻落实习近平总书记重要讲话" in r.text  # the block's text shown before choosing
    r = client.post("/doc/add", data=form(ws, list="sections/0/items", at="1",
                                          block="政治建设/贯彻落实总书记重要指示批示精神"), follow_redirects=False)
    assert r.status_code == 303
    text = cfg(ws).read_text(encoding="utf-8")
    assert "# 一、提高政治站位" in text and "# 示例数据，仅供参考" in text
    items = data(cfg(ws))["sections"][0]["items"]
    assert items[1] == "政治建设/贯彻落实总书记重要指示批示精神"
    assert any("已添加" in f for f in flashes(client, f"/doc?c={CONFIG}"))
    # its parameter is now a blank of the draft: highlighted in the value form
    values = client.get(f"/doc/values?c={CONFIG}").text
    assert re.search(r'class="field is-blank"[^>]*id="v-%E6%84%8F', values)


def test_adding_a_section_offers_headings(client, ws):
    r = client.get(f"/doc/add?c={CONFIG}&list=sections&at=1")
    assert r.status_code == 200
    assert "党风廉政/标题-深化正风肃纪" in r.text and "政治建设/突出抓好政治建设" not in r.text
    assert 'action="/doc/add-section"' in r.text
    assert client.get(f"/doc/add?c={CONFIG}&list=../etc&at=1").status_code == 400


def test_a_block_of_the_wrong_kind_is_refused(client, ws):
    before = cfg(ws).read_bytes()
    r = client.post("/doc/add", data=form(ws, list="sections/0/items", at="0", block="党风廉政/标题-提高政治站位"),
                    follow_redirects=False)
    assert r.status_code == 303
    assert cfg(ws).read_bytes() == before
    assert any("不能放在条目中" in f for f in flashes(client, f"/doc?c={CONFIG}"))


def test_values_are_checked_per_field_and_written_where_they_are(client, ws):
    before = cfg(ws).read_bytes()
    r = client.post("/doc/values", data=form(ws, **{"v.廉政学习次数": "十二", "v.县名": "会宁"}))
    assert r.status_code == 422
    assert "「廉政学习次数」应为整数" in r.text and 'aria-invalid="true"' in r.text
    assert cfg(ws).read_bytes() == before
    r = client.post("/doc/values", data=form(ws, **{"v.廉政学习次数": "１５", "v.县名": "靖远"}), follow_redirects=False)
    assert r.status_code == 303
    written = data(cfg(ws))
    assert written["targets"]["廉政学习次数"] == 15 and written["variables"]["县名"] == "靖远"
    assert "# 一、提高政治站位" in cfg(ws).read_text(encoding="utf-8")
    page = client.get(f"/doc/values?c={CONFIG}").text
    assert "去年：" in page  # last year's value from gov-integrity-2022.yaml beside the field
    assert "靖远" in client.get(f"/doc?c={CONFIG}").text  # the preview shows it


def test_values_left_by_roll_show_last_years_value(client, ws):
    client.post("/new/roll", data={"csrf": TOKEN, "c": CONFIG, "to": "2024"})
    page = client.get("/doc/values?c=gov-integrity-2024.yaml").text
    assert "去年：12" in page
    assert "is-blank" in page


def test_inline_text_records_its_block_and_can_go_back(client, ws):
    item = client.get(f"/doc/item?c={CONFIG}&p=sections/0/items/0")
    assert item.status_code == 200 and "始终把政治建设放在首位" in item.text
    r = client.post("/doc/text", data=form(ws, p="sections/0/items/0", title="突出抓好政治建设。",
                                           text="始终把政治建设放在首位，改过的文字{不是模板}。", rendered="1"),
                    follow_redirects=False)
    assert r.status_code == 303
    entry = data(cfg(ws))["sections"][0]["items"][0]
    assert entry == {"title": "突出抓好政治建设。", "text": '始终把政治建设放在首位，改过的文字{{ "{" }}不是模板}。',
                     "based_on": "政治建设/突出抓好政治建设"}
    assert "改过的文字{不是模板}" in client.get(f"/doc?c={CONFIG}").text  # printed as written, in the outline
    r = client.post("/doc/restore", data=form(ws, p="sections/0/items/0", block="政治建设/突出抓好政治建设"),
                    follow_redirects=False)
    assert r.status_code == 303
    assert data(cfg(ws))["sections"][0]["items"][0] == "政治建设/突出抓好政治建设"
    empty = client.post("/doc/text", data=form(ws, p="sections/0/items/0", title="", text="  ", rendered="1"))
    assert empty.status_code == 422 and "文字不能为空" in empty.text


def test_move_remove_and_sections(client, ws):
    first = data(cfg(ws))["sections"][0]["items"]
    client.post("/doc/move", data=form(ws, p="sections/0/items/0", direction="down"))
    assert data(cfg(ws))["sections"][0]["items"][:2] == [first[1], first[0]]
    # dragged into the next section, first place
    client.post("/doc/move", data=form(ws, p="sections/0/items/0", to_list="sections/1/items", to_at="0"))
    assert data(cfg(ws))["sections"][1]["items"][0] == first[1]
    # an item may not go among paragraphs
    before = cfg(ws).read_bytes()
    client.post("/doc/move", data=form(ws, p="sections/1/items/0", to_list="preamble", to_at="0"))
    assert cfg(ws).read_bytes() == before
    client.post("/doc/remove", data=form(ws, p="sections/1/items/0"))
    assert first[1] not in data(cfg(ws))["sections"][1]["items"]
    sections = len(data(cfg(ws))["sections"])
    client.post("/doc/remove", data=form(ws, p="sections/3"))
    assert len(data(cfg(ws))["sections"]) == sections - 1
    assert "审批时限压缩比例" not in data(cfg(ws))["targets"]  # no entry reads it any more: removed
    client.post("/doc/add-section", data=form(ws, at="1", heading_text="新的部分"))
    assert data(cfg(ws))["sections"][1]["heading"] == {"text": "新的部分"}
    client.post("/doc/add-text", data=form(ws, list="sections/1/items", at="0", title="新条目。", text="新条目的正文。"))
    assert data(cfg(ws))["sections"][1]["items"] == [{"title": "新条目。", "text": "新条目的正文。"}]
    client.post("/doc/add-section", data=form(ws, at="0", block="党风廉政/标题-深化正风肃纪"))
    assert data(cfg(ws))["sections"][0]["heading"] == "党风廉政/标题-深化正风肃纪"
    html = client.get(f"/doc?c={CONFIG}").text
    assert "新条目的正文" in html


def test_a_file_changed_on_disk_is_never_overwritten(client, ws):
    page = client.get(f"/doc?c={CONFIG}").text
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)
    changed = cfg(ws).read_text(encoding="utf-8") + "# 别人刚加的一行\n"
    cfg(ws).write_text(changed, encoding="utf-8")
    for url, extra in (("/doc/remove", {"p": "sections/0/items/0"}),
                       ("/doc/values", {"v.县名": "靖远"}),
                       ("/doc/text", {"p": "sections/0/items/0", "text": "新的文字", "rendered": "1"})):
        r = client.post(url, data={"csrf": TOKEN, "c": CONFIG, "digest": digest, **extra})
        assert r.status_code == 409, url
        assert "文件已在别处修改" in r.text
        assert cfg(ws).read_text(encoding="utf-8") == changed
    assert "新的文字" in r.text  # what was typed is shown, to copy


def test_a_finding_is_shown_on_its_paragraph_and_fixed_in_one_click(client, ws):
    path = cfg(ws)
    path.write_text(path.read_text(encoding="utf-8").replace("乡村振兴领域、粮食购销领域", "乡村振兴领域,粮食购销领域"),
                    encoding="utf-8")
    html = client.get(f"/doc?c={CONFIG}").text
    assert "find sev-error" in html  # the comma marked in the preview
    assert "一键修正：「,」改为「，」" in html
    key = re.search(r'name="finding" value="([^"]+)"', html).group(1).replace("&#34;", '"')
    r = client.post("/doc/fix", data=form(ws, finding=key), follow_redirects=False)
    assert r.status_code == 303
    assert "乡村振兴领域，粮食购销领域" in path.read_text(encoding="utf-8")
    assert any("已修正" in f for f in flashes(client, f"/doc?c={CONFIG}"))
    again = client.post("/doc/fix", data=form(ws, finding=key), follow_redirects=False)
    assert again.status_code == 303
    assert any("已不存在" in f for f in flashes(client, f"/doc?c={CONFIG}"))


def test_a_finding_in_one_off_text_is_fixed_in_the_text(client, ws):
    client.post("/doc/text", data=form(ws, p="sections/0/items/0", title="", text="这是一段,直接写的文字。", rendered="0"))
    html = client.get(f"/doc?c={CONFIG}").text
    key = re.search(r'name="finding" value="([^"]+)"', html).group(1).replace("&#34;", '"')
    client.post("/doc/fix", data=form(ws, finding=key))
    assert data(cfg(ws))["sections"][0]["items"][0]["text"] == "这是一段，直接写的文字。"


def test_a_config_that_does_not_build_says_why(client, ws):
    path = cfg(ws)
    path.write_text(path.read_text(encoding="utf-8").replace("政治建设/突出抓好政治建设", "政治建设/没有这个块"),
                    encoding="utf-8")
    r = client.get(f"/doc?c={CONFIG}")
    assert r.status_code == 422
    assert "无法生成" in r.text and "没有这个块" in r.text


# -- downloads and outputs -------------------------------------------------------------------------
def test_download_docx_opens_in_python_docx(client):
    import docx

    r = client.get(f"/download/docx?c={CONFIG}")
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "提高政治站位" in text


def test_missing_values_offer_a_draft(client, ws):
    client.post("/doc/add", data=form(ws, list="sections/0/items", at="0", block="政治建设/贯彻落实总书记重要指示批示精神"))
    r = client.get(f"/download/docx?c={CONFIG}")
    assert r.status_code == 422 and "缺少" in r.text and "下载草稿" in r.text
    assert client.get(f"/download/docx?c={CONFIG}&draft=1").status_code == 200


def test_download_the_task_ledger(client):
    import openpyxl

    r = client.get(f"/download/xlsx?c={NOTICE}")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["任务台账"]
    none = client.get(f"/download/xlsx?c={CONFIG}")
    assert none.status_code == 422 and "无法生成任务台账" in none.text


def test_build_to_output_keeps_hand_edits(client, ws):
    r = client.post("/doc/build", data={"csrf": TOKEN, "c": CONFIG}, follow_redirects=False)
    assert r.status_code == 303
    out = ws / "output" / "gov-integrity-2023.docx"
    assert out.is_file()
    out.write_bytes(out.read_bytes() + b"hand edit")
    client.post("/doc/build", data={"csrf": TOKEN, "c": CONFIG}, follow_redirects=False)
    notes = flashes(client, f"/doc?c={CONFIG}")
    assert any("被修改过" in n and "drafter absorb" in n for n in notes)
    assert out.read_bytes().endswith(b"hand edit")
    assert "上次生成" in client.get("/").text


def test_pdf_page(client):
    r = client.get(f"/doc/pdf?c={CONFIG}")
    assert r.status_code == 200
    assert "/download/pdf?c=" in r.text or "没有安装 LibreOffice" in r.text


@pytest.mark.render
def test_pdf_download_through_libreoffice(client):
    from tests.test_render import skip_or_fail

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    r = client.get(f"/download/pdf?c={CONFIG}&inline=1&draft=1")
    assert r.status_code == 200, r.text[:500]
    assert r.content.startswith(b"%PDF") and r.headers["content-disposition"].startswith("inline")


def test_batch_build_with_progress(client, ws):
    assert "全部生成" in client.get("/build").text
    r = client.post("/build", data={"csrf": TOKEN, "draft": "1"}, follow_redirects=False)
    assert r.status_code == 303
    for _ in range(300):
        status = client.get("/build/status").json()
        if not status["running"]:
            break
        time.sleep(0.1)
    assert status["done"] == status["total"] == len(list((ws / "configs").glob("*.yaml")))
    page = client.get("/build").text
    assert "已生成" in page and "份已生成" in page
    assert (ws / "output" / "gov-integrity-2023.docx").is_file()


# -- compare ---------------------------------------------------------------------------------------
def test_compare_with_last_year_and_download_the_redline(client):
    r = client.get(f"/doc/compare?c={CONFIG}")
    assert r.status_code == 200
    assert "configs/gov-integrity-2022.yaml" in r.text  # last year's by default
    assert "<ins>" in r.text and "<del>" in r.text
    r = client.get(f"/doc/compare.docx?c={CONFIG}&old=configs/gov-integrity-2022.yaml")
    assert r.status_code == 200
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml


def test_compare_with_an_uploaded_document(client):
    text = "2023年县政府系统党风廉政建设和反腐败工作要点\n一、提高政治站位，增强推进廉政建设的责任感\n"
    r = client.post("/doc/compare", data={"csrf": TOKEN, "c": CONFIG},
                    files={"file": ("去年印发的.txt", text.encode("utf-8"), "text/plain")}, follow_redirects=False)
    assert r.status_code == 303 and "upload=" in r.headers["location"]
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "去年印发的.txt" in page.text and "<ins>" in page.text
    ident = re.search(r"upload=([0-9a-f]+)", r.headers["location"]).group(1)
    assert client.get(f"/doc/compare.docx?c={CONFIG}&upload={ident}").status_code == 200
    assert client.get(f"/doc/compare?c={CONFIG}&upload=../../x").status_code == 400


# -- the block library -----------------------------------------------------------------------------
def test_browse_and_search_blocks(client):
    r = client.get("/blocks?q=意识形态&kind=item")
    assert r.status_code == 200 and "思想建设/" in r.text
    r = client.get("/block?id=政治建设/突出抓好政治建设")
    assert r.status_code == 200
    assert "configs/gov-integrity-2023.yaml" in r.text  # where it is used
    assert client.get("/block?id=没有/这个块").status_code == 404


def _block_form(client, block_id: str) -> dict:
    """The block form as a browser would post it: inputs with their values, checked boxes only."""
    import html as html_lib

    page = client.get(f"/block?id={block_id}").text
    form_html = page[page.index('<form method="post" action="/block"'):]
    fields = {}
    for attrs in re.findall(r"<input ([^>]*)>", form_html):
        name = re.search(r'name="([^"]+)"', attrs)
        if name is None or ('type="checkbox"' in attrs and " checked" not in attrs):
            continue
        value = re.search(r'value="([^"]*)"', attrs)
        fields[name.group(1)] = html_lib.unescape(value.group(1) if value else "")
    for name, options in re.findall(r'<select name="([^"]+)">(.*?)</select>', form_html, re.S):
        fields[name] = re.search(r'<option value="([^"]+)" selected', options).group(1)
    fields["body"] = html_lib.unescape(re.search(r'<textarea id="b-body" name="body"[^>]*>([^<]*)</textarea>',
                                                 form_html).group(1))
    return fields


def test_edit_a_block_with_located_errors(client, ws):
    block_id = "政治建设/贯彻落实总书记重要指示批示精神"
    path = ws / "blocks" / "政治建设.yaml"
    before = path.read_bytes()
    fields = _block_form(client, block_id)
    bad = dict(fields, body=fields["body"] + "另见{{ 未声明的参数 }}。")
    r = client.post("/block", data=bad)
    assert r.status_code == 422
    assert "未定义的变量「未声明的参数」" in r.text and 'class="field-error"' in r.text
    assert path.read_bytes() == before
    unused = dict(fields, **{"param.1.name": "多余参数", "param.1.description": "没用到的"})
    r = client.post("/block", data=unused)
    assert r.status_code == 422 and "已声明，但正文和标题句都没有用到" in r.text
    good = dict(fields, body=fields["body"].replace("阔步前进", "奋勇前进"), tags="政治建设 请示报告")
    r = client.post("/block", data=good, follow_redirects=False)
    assert r.status_code == 303
    text = path.read_text(encoding="utf-8")
    assert "奋勇前进" in text and "# ── 一、政治建设" in text
    block = next(b for b in data(path)["blocks"] if b["id"] == block_id)
    assert block["tags"] == ["政治建设", "请示报告"]
    assert block["params"]["意见贯彻会议精神"]["example"] == "党的十九届六中全会精神"
    # the same form again: the file changed since it was shown
    r = client.post("/block", data=good)
    assert r.status_code == 409 and "文件已在别处修改" in r.text


# -- the command ------------------------------------------------------------------------------------
def test_drafter_help_does_not_load_the_web_stack():
    code = ("import sys; from drafter.cli import app; "
            "print(any(m.split('.')[0] in ('starlette', 'uvicorn', 'multipart') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_serve_refuses_a_folder_that_is_no_workspace(tmp_path):
    r = subprocess.run([sys.executable, "-m", "drafter", "serve", str(tmp_path), "--no-browser"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "blocks/" in r.stderr and "Traceback" not in r.stderr


def test_a_taken_port_is_said_in_chinese(ws):
    from drafter.errors import DrafterError
    from drafter.web.server import bind

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        with pytest.raises(DrafterError, match="端口 .* 已被占用"):
            bind(taken.getsockname()[1])
    finally:
        taken.close()


def test_serve_runs_on_localhost_with_a_token_and_stops_on_ctrl_c(ws):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "serve", str(ws), "--port", str(port), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        lines = []
        while len(lines) < 3:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line)
        url = next(re.search(r"http://\S+", line).group(0) for line in lines if "http://" in line)
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        import http.cookiejar

        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        for _ in range(100):
            try:
                with browser.open(url, timeout=5) as response:
                    assert "文件" in response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert refused.value.code == 403
        refused.value.close()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert "已停止" in out and "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
