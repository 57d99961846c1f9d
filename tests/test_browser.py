"""Headless Chromium (Debian's) through each page as a person would; screenshots go to tests/artifacts/."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import threading
from pathlib import Path

import pytest
from sqlmodel import Session
from web_helpers import PASSWORD, make_user

from mediation import create_app
from mediation.conversations import create_conversation
from mediation.errors import ValidationFailed

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTIFACTS = Path(__file__).parent / "artifacts"
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}
THREAT = "再不还钱就让你坐牢，还要告诉你全家和单位！"


@pytest.fixture(scope="module")
def live(tmp_path_factory, small_index):
    """The real app on 127.0.0.1 (random port) in a background thread, on a temporary database."""
    from werkzeug.serving import make_server

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run make browser")
    root = tmp_path_factory.mktemp("live")
    app = create_app({"database_url": f"sqlite:///{root / 'live.db'}", "instance_dir": root / "instance",
                      "index_dir": small_index, "secret_key": "browser-test-secret"})  # fmt: skip
    with app.app_context():  # load the models now, not inside the first click's timeout
        services = app.extensions["mediation"]
        services.engine_service.score("你好", speaker="agent", lang="zh")
        services.intents.classify("你好", lang="zh")
    runner = app.test_cli_runner()
    for role in ("agent", "auditor", "admin"):
        make_user(runner, role, f"{role}1")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    app.extensions["mediation"].engine.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page_at(browser):
    """Open a page with a fresh context at a named width."""
    contexts = []

    def open_page(width: str = "phone", **options):
        w, h = WIDTHS[width]
        options.setdefault("locale", "zh-CN")
        context = browser.new_context(viewport={"width": w, "height": h}, accept_downloads=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, username: str, path: str) -> None:
    page.goto(f"{base}/login?lang=zh&next={path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}{path}*")


def send_chat(page, text: str) -> None:
    count = page.locator("#log li.assistant").count()
    page.get_by_label("输入消息").fill(text)
    page.keyboard.press("Enter")
    page.locator("#log li.assistant").nth(count).wait_for()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_borrower_negotiates_a_plan_and_accepts_it(live, page_at, width):
    _, base = live
    page = page_at(width)
    page.goto(f"{base}/chat?demo=1")
    assert page.get_by_text("演示账户").is_visible()
    send_chat(page, "我失业了，这个月实在还不上，能不能分期还款？")
    source = page.locator("#log li.assistant a").first.get_attribute("href")
    assert source and source.startswith("/knowledge/")  # built from the server's url_for template
    assert page.request.get(base + source).ok
    plans = page.locator("#plan-list button.plan")
    plans.first.wait_for()
    assert plans.count() >= 2
    shot(page, f"chat-offer-{width}")
    chosen = plans.first
    chosen.click()
    page.locator("button.plan.chosen").wait_for()
    assert "已选择方案" in chosen.inner_text()
    assert "已记录您选择的方案" in page.locator("#log").inner_text()
    shot(page, f"chat-accepted-{width}")


def test_a_wrong_number_visitor_gets_no_account_details(live, page_at):
    _, base = live
    page = page_at("phone")
    page.goto(f"{base}/chat?demo=1")
    send_chat(page, "你们打错了，我不认识这个人，这不是我的贷款")
    page.locator("#escalated").wait_for(state="visible")
    text = page.locator("body").inner_text()
    assert not re.search(r"8650|8000|450\b|元", text)
    assert page.locator("#plan-list button").count() == 0
    shot(page, "chat-wrong-number-phone")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_agent_checks_a_threatening_draft_and_applies_the_rewrite(live, page_at, width):
    _, base = live
    page = page_at(width)
    sign_in(page, base, "agent1", "/agent")
    shot(page, f"agent-queue-{width}")
    page.get_by_label("欠款余额").fill("5600")
    page.get_by_label("本金").fill("5000")
    page.get_by_label("逾期天数").fill("20")
    page.get_by_role("button", name="创建").click()
    page.wait_for_url(re.compile(r".*/agent/c/.*"))
    page.get_by_label("借款人说").fill("我失业了，能不能分期还款？")
    page.get_by_role("button", name="获取建议").click()
    page.locator("#transcript li.assistant").first.wait_for()
    page.get_by_role("button", name="计算").click()
    page.locator("#plan-results li").first.wait_for()
    page.locator("#draft").fill(THREAT)
    page.get_by_role("button", name="检查草稿").click()
    mark = page.locator("#draft-view mark.risk").first
    mark.wait_for()
    assert "坐牢" in mark.inner_text()
    mark.focus()
    reason = page.locator("#draft-view mark.risk .why").first
    assert reason.is_visible() and "威胁" in reason.inner_text()
    shot(page, f"agent-draft-flagged-{width}")
    page.locator("#draft-card").screenshot(path=str(ARTIFACTS / f"agent-draft-card-{width}.png"))
    page.screenshot(path=str(ARTIFACTS / f"agent-panel-top-{width}.png"))
    rewrite = page.locator("#rewrite-text").inner_text()
    page.get_by_role("button", name="采用合规改写").click()
    page.locator("#draft-view.clean").wait_for()
    assert page.locator("#draft").input_value() == rewrite and "坐牢" not in rewrite
    page.get_by_role("button", name="发送给借款人").click()
    page.locator("#send-status.good").wait_for()
    page.locator("#draft").fill(THREAT)
    page.get_by_role("button", name="发送给借款人").click()
    page.locator("#send-status.bad").wait_for()
    assert "已拦截" in page.locator("#send-status").inner_text()
    page.locator("#search-q").fill("晚上几点以后不能打电话")
    page.get_by_role("button", name="检索").click()
    page.locator("#search-results li a").first.wait_for()
    shot(page, f"agent-panel-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_auditor_filters_high_risk_and_downloads_the_csv(live, page_at, width):
    app, base = live
    with app.app_context(), Session(app.extensions["mediation"].engine) as session:
        conversation, _ = create_conversation(session=session, channel="agent_assist", lang="zh", account={})
        with contextlib.suppress(ValidationFailed):  # blocked and logged: what the auditor looks for
            app.extensions["mediation"].engine_service.handle_agent(
                session=session, conversation=conversation, text=THREAT, context=None, actor="agent1"
            )
    page = page_at(width)
    sign_in(page, base, "auditor1", "/audit")
    assert "哈希链校验通过" in page.locator("#chain-status").inner_text()
    page.get_by_label("风险等级").select_option("high")
    page.get_by_role("button", name="应用").click()
    page.wait_for_url(re.compile(r".*level=high.*"))
    levels = page.locator("table.exchanges tbody tr td:nth-child(5)").all_inner_texts()
    assert levels and all(("高" in v or "严重" in v) for v in levels)
    shot(page, f"audit-high-{width}")
    page.screenshot(path=str(ARTIFACTS / f"audit-high-top-{width}.png"))
    with page.expect_download() as info:
        page.locator("#export-csv").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and all(r["risk_level"] in ("high", "critical") for r in rows)
    assert THREAT in {r["inbound_text"] for r in rows}
    page.locator("table.exchanges tbody tr a").first.click()
    page.wait_for_url(re.compile(r".*/audit/c/.*"))
    shot(page, f"audit-conversation-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_other_pages_at_both_widths(live, page_at, width):
    _, base = live
    page = page_at(width)
    for name, path in (("chat-start", "/chat"), ("login-en", "/login?lang=en"), ("not-found", "/nowhere"),
                       ("knowledge", "/knowledge/t-quiet-hours")):  # fmt: skip
        page.goto(f"{base}{path}")
        shot(page, f"{name}-{width}")
    assert page.locator("h1").count() == 1
    sign_in(page, base, "admin1", "/admin/users")
    shot(page, f"admin-users-{width}")


def test_keyboard_users_can_reach_the_chat(live, page_at):
    _, base = live
    page = page_at("phone")
    page.goto(f"{base}/chat?demo=1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
