"""`drafter serve` in a real browser: headless Chromium driven by selenium, as a user would.

Open a config, add a block found by searching the library, fill its value, see the preview
change, plant a slip and see the finding on its paragraph (and fix it), download the .docx
and open it with python-docx. A screenshot of every step goes to output/web-e2e/ (not
committed). Needs Debian's ``chromium`` and ``chromium-driver``: skipped without them, a
failure under DRAFTER_REQUIRE_RENDER=1 (CI).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.test_render import skip_or_fail

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "output" / "web-e2e"
TOKEN = "e2e-token-abcdefghijklmnop"
CONFIG = "gov-integrity-2023.yaml"
BLOCK = "政治建设/贯彻落实总书记重要指示批示精神"


def _browser_paths() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        skip_or_fail("Chromium or chromedriver is not installed: apt-get install chromium chromium-driver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        skip_or_fail("selenium is not installed: pip install -e '.[test]'")
    return browser, driver


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of the workspace served by uvicorn on a free port of 127.0.0.1, in a thread."""
    import uvicorn

    from drafter.web.app import create_app
    from drafter.web.server import bind

    root = tmp_path_factory.mktemp("e2e") / "ws"
    for name in ("blocks", "configs", "templates"):
        shutil.copytree(REPO / name, root / name)
    sock = bind(None)
    port = sock.getsockname()[1]
    app = create_app(root, token=TOKEN, hosts=[f"127.0.0.1:{port}", f"localhost:{port}"], jobs=1)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary, driver_path = _browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1366,768", "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def preview_text(driver) -> str:
    """The preview's words as printed, rows joined (one call into the page)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#preview .row')).map(r => r.textContent).join('')")


def wait_for(driver, condition, timeout: float = 20):
    """Wait until *condition* holds; an element found just before the page is redrawn (stale)
    is looked up again, as a missing one is."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def test_a_user_drafts_in_the_browser(served, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, root = served
    d = browser

    # 1. the address with the token; the list of documents
    d.get(f"{base}/?token={TOKEN}")
    wait_for(d, lambda d: "文件" in d.title)
    assert "token" not in d.current_url
    shot(d, "01-documents")
    # keyboard: the first Tab reaches the skip link
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert d.switch_to.active_element.text == "跳到正文"

    # 2. open a config
    d.find_element(By.LINK_TEXT, "2023年县政府系统党风廉政建设和反腐败工作要点").click()
    wait_for(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview .sheet"))
    before = preview_text(d)
    assert "提高政治站位" in before and "不折不扣贯彻落实" not in before
    shot(d, "02-document")

    # 3. add a block to the first section, found by searching the library
    section = d.find_element(By.ID, "e-sections/0")
    section.find_element(By.XPATH, ".//a[contains(., '添加条目')]").click()
    search = wait_for(d, lambda d: d.find_element(By.ID, "q"))
    search.send_keys("指示批示")
    search.send_keys(Keys.ENTER)
    card = wait_for(d, lambda d: d.find_element(By.XPATH, f"//li[contains(@class,'block-card')][.//span[text()='{BLOCK}']]"))
    assert "建立健全贯彻落实习近平总书记重要讲话" in card.text  # the text is shown before choosing
    shot(d, "03-library-search")
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(d, lambda d: "不折不扣贯彻落实" in preview_text(d))
    assert "已添加" in d.find_element(By.CSS_SELECTOR, ".flashes").text
    blanks = d.find_elements(By.CSS_SELECTOR, "#preview .blank")
    assert blanks and blanks[0].text.strip("*") == ""  # the new parameter: a highlighted **
    shot(d, "04-block-added")
    assert BLOCK in (root / "configs" / CONFIG).read_text(encoding="utf-8")

    # 4. fill its value in the form made from the parameters; the preview changes
    d.find_element(By.LINK_TEXT, "填写取值").click()
    field = wait_for(d, lambda d: d.find_element(By.CSS_SELECTOR, ".field.is-blank"))
    assert "意见贯彻会议精神" in field.text
    value_input = field.find_element(By.TAG_NAME, "input")
    value_input.send_keys("党的二十大精神")
    shot(d, "05-value-typed")
    d.find_element(By.XPATH, "//button[text()='保存取值']").click()
    wait_for(d, lambda d: "深入贯彻落实党的二十大精神奋力谱写" in preview_text(d))
    assert not d.find_elements(By.CSS_SELECTOR, ".field.is-blank")
    shot(d, "06-preview-changed")

    # 5. a slip planted in the item's words: the finding shows on its paragraph, one click fixes it
    d.find_element(By.LINK_TEXT, "大纲和预览").click()
    wait_for(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview .sheet"))
    d.find_element(By.XPATH, "//a[contains(@class,'entry-text')][contains(., '不折不扣贯彻落实')]").click()
    text = wait_for(d, lambda d: d.find_element(By.ID, "t-text"))
    slipped = text.get_attribute("value").replace("严格执行请示报告制度，", "严格执行请示报告制度,", 1)
    assert "," in slipped
    text.clear()
    text.send_keys(slipped)
    d.find_element(By.XPATH, "//button[text()='保存文字']").click()
    fix = wait_for(d, lambda d: d.find_element(By.XPATH, "//button[contains(., '一键修正')]"))
    marked = d.find_elements(By.CSS_SELECTOR, "#preview .find")
    assert marked and "," in "".join(m.text for m in marked)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", marked[0])
    shot(d, "07-finding-on-paragraph")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", fix)
    fix.click()
    wait_for(d, lambda d: "已修正" in d.find_element(By.CSS_SELECTOR, ".flashes").text)
    assert not d.find_elements(By.CSS_SELECTOR, "#preview .find")
    shot(d, "08-finding-fixed")
    config_text = (root / "configs" / CONFIG).read_text(encoding="utf-8")
    assert "based_on: " + BLOCK in config_text and "严格执行请示报告制度，" in config_text

    # 6. download the Word document and open it with python-docx
    d.find_element(By.ID, "dl-docx").click()
    target = d.downloads / "gov-integrity-2023.docx"
    wait_for(d, lambda d: target.is_file() and not list(d.downloads.glob("*.crdownload")), timeout=30)
    import docx

    words = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "深入贯彻落实党的二十大精神奋力谱写" in words
    assert "严格执行请示报告制度，" in words
    shot(d, "09-downloaded")

    # 7. the same page on a 4K screen: nothing runs off to the side
    d.set_window_size(3840, 2160)
    d.refresh()
    wait_for(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview .sheet"))
    assert d.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    shot(d, "10-4k")
    d.set_window_size(1366, 768)
    assert d.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def test_the_page_refuses_without_the_token(served, browser):
    from selenium.webdriver.common.by import By

    base, _ = served
    browser.delete_all_cookies()
    browser.get(f"{base}/blocks")
    assert "需要访问令牌" in browser.find_element(By.TAG_NAME, "body").text
    shot(browser, "11-no-token")
