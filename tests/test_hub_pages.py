"""Every hub page a trainee or an instructor reaches, in Debian's Chromium on the real workshop hub:
Vietnamese only (tieng_viet.foreign_words on the visible text), and the buttons still work.

The trainee logs in, opens the hub's home, the token page, a page that does not exist and another
person's server; stops her server from the home page, finds the "not running" page, starts it
again and waits on the "starting" page, and logs out. The instructor's home has the grading
service; the admin page is JupyterHub's English application under a Vietnamese explanation.
"""

from __future__ import annotations

import re
import time

import pytest
from hubtools import running_workshop, username
from test_hub_browser import browser, log_in  # noqa: F401  (browser: pytest fixture)
from tieng_viet import foreign_words

from screenshots import chup_anh  # noqa: F401  (pytest fixture: screenshots for docs/)

pytestmark = pytest.mark.xdist_group("hub")

PEOPLE = [("Phạm Văn Bình", "giảng viên"), ("Lê Thị Mai", "học viên")]
START_PAGE_TITLE = "Khóa học dữ liệu cho cơ sở làng nghề"


@pytest.fixture(scope="module")
def hub():
    with running_workshop(PEOPLE) as ws:
        yield ws


def visible_text(page) -> str:
    """What a person can read on the page (closed <details> and hidden elements are not rendered)."""
    return page.locator("body").inner_text()


def assert_vietnamese(page, where: str, allowed: set[str] = frozenset()) -> str:
    """The page's visible text, failing on any word that is not Vietnamese, a name, or shown as code."""
    text = visible_text(page)
    code = " ".join(page.locator("code, kbd, pre").all_inner_texts())
    assert foreign_words(text, set(allowed) | set(re.findall(r"[^\W_]+", code))) == [], f"{where}: {text}"
    return text


def hub_xsrf(page) -> dict:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf" and c["path"] == "/hub/")
    return {"X-XSRFToken": token}


def wait_until_stopped(page, hub, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = page.request.get(f"{hub.url}/hub/api/users/{name}", headers=hub_xsrf(page)).json()
        if not info.get("servers"):
            return
        page.wait_for_timeout(500)
    raise TimeoutError(f"{name}: máy chủ chưa tắt sau {timeout} s")


def test_trainee_sees_only_vietnamese_on_every_hub_page(hub, browser, chup_anh):
    trainee, instructor = username(hub, "Lê Thị Mai"), username(hub, "Phạm Văn Bình")
    names = {trainee, instructor}
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # two tabs, one login
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    assert_vietnamese(page, "đăng nhập")
    log_in(page, hub, trainee)
    page.locator(".jp-Notebook .jp-RenderedMarkdown h1", has_text=START_PAGE_TITLE).wait_for(timeout=120_000)

    page.goto(f"{hub.url}/hub/home")
    home = assert_vietnamese(page, "trang chủ", names)
    assert "Máy chủ của bạn đang chạy." in home and "Tắt máy chủ của tôi" in home
    assert page.locator("html").get_attribute("lang") == "vi"
    chup_anh(page, "hub-trang-chu")

    page.goto(f"{hub.url}/hub/token")
    assert "Tạo mã mới" in assert_vietnamese(page, "mã truy cập", names)

    response = page.goto(f"{hub.url}/hub/khong-co-trang-nay")
    assert response.status == 404
    assert "Không tìm thấy trang" in assert_vietnamese(page, "404", names)

    # The instructors' admin page: refused, in Vietnamese; the hub's English reason stays folded.
    response = page.goto(f"{hub.url}/hub/admin")
    assert response.status == 403
    refused = assert_vietnamese(page, "403", names)
    assert "Bạn không có quyền mở trang này" in refused
    assert page.locator("details summary", has_text="Chi tiết").count() == 1
    # Another person's server does not exist, for her (JupyterHub does not say whether it does).
    response = page.goto(f"{hub.url}/hub/user/{instructor}/lab")
    assert response.status == 404
    assert "Không tìm thấy trang" in assert_vietnamese(page, "máy chủ của người khác", names)

    # Stop from the home page: the page says so in Vietnamese, without reloading.
    page.goto(f"{hub.url}/hub/home")
    page.locator("#stop").click()
    page.locator("#start", has_text="Bật máy chủ của tôi").wait_for(timeout=60_000)
    stopped = assert_vietnamese(page, "trang chủ sau khi tắt", names)
    assert "Máy chủ của bạn đang tắt." in stopped and "Tắt máy chủ của tôi" not in stopped

    wait_until_stopped(page, hub, trainee)
    response = page.goto(f"{hub.url}/hub/user/{trainee}/lab")
    not_running = assert_vietnamese(page, "máy chủ đang tắt", names)
    assert "Máy chủ của bạn đang tắt" in not_running and "Bật máy chủ của tôi" in not_running

    # The "starting" page. The hub answers a start request only when the server is up or after 10 s,
    # so another tab asks (the way the home page's button does) while this one opens the page.
    asker = page.context.new_page()
    asker.goto(f"{hub.url}/hub/home")
    asker.evaluate("([url, xsrf]) => { fetch(url, {method: 'POST', headers: {'X-XSRFToken': xsrf}}); }",
                   [f"{hub.url}/hub/api/users/{trainee}/server", hub_xsrf(page)["X-XSRFToken"]])
    page.wait_for_timeout(300)
    page.goto(f"{hub.url}/hub/spawn-pending/{trainee}")
    page.locator("#progress-bar").wait_for(timeout=10_000)
    pending = assert_vietnamese(page, "đang khởi động", names)
    assert "Máy chủ của bạn đang khởi động" in pending
    chup_anh(page, "hub-dang-khoi-dong")
    # It goes on to JupyterLab by itself.
    page.locator(".jp-Notebook .jp-RenderedMarkdown h1", has_text=START_PAGE_TITLE).wait_for(timeout=120_000)
    asker.close()

    page.goto(f"{hub.url}/hub/logout")
    assert_vietnamese(page, "đăng xuất")
    context.close()


def test_instructor_pages_are_vietnamese_around_jupyterhub_admin(hub, browser):
    instructor = username(hub, "Phạm Văn Bình")
    names = {instructor, username(hub, "Lê Thị Mai")}
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, hub, instructor)
    page.wait_for_url("**/hub/home", timeout=60_000)
    page.locator("a.dropdown-toggle", has_text="Dịch vụ").click()
    home = assert_vietnamese(page, "trang chủ của giảng viên", names)
    assert "Chấm bài" in home and "Quản trị" in home

    page.goto(f"{hub.url}/hub/admin")
    page.locator("#react-admin-hook button").first.wait_for(timeout=60_000)
    assert page.title() == "Quản trị máy chủ lớp học"
    # JupyterHub's admin application is English only; everything around it is not.
    around = page.locator("nav").inner_text() + "\n" + page.locator("main, body > .container").first.inner_text()
    assert foreign_words(around, names | {"Stop", "Server", "Start"}) == [], around
    page.close()
