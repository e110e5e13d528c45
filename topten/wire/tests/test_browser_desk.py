"""The desk in a real browser: candidates listed, one added to today's edition."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client

from topten.editions import actions as editions
from topten.newsroom.models import Publication
from topten.wire.models import Source
from topten.wire.samples import OUTLETS

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path("test-results")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


class TestBrowserDesk:
    def test_an_editor_adds_the_top_candidate_to_todays_edition(
        self, browser, live_server, feed_server, staff
    ):
        Publication.objects.get_or_create(pk=1)
        for outlet in OUTLETS:
            Source.objects.create(
                name=outlet.name,
                feed_url=f"{feed_server.url}/sample/{outlet.slug}",
                kind=outlet.kind,
                trust=outlet.trust,
            )
        call_command("wire", "ingest", "--once")
        client = Client()
        client.force_login(staff)
        context = browser.new_context()
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/desk/wire/")
        first = page.locator(".wire-story").first
        headline = first.locator("h2").inner_text()
        assert "sources" in first.locator(".wire-why").inner_text()
        first.get_by_role("button", name="Add to today's edition").click()
        page.wait_for_selector(".messages")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "wire-desk.png"), full_page=True)
        assert "Added to today's edition as story 1" in page.locator(".messages").inner_text()
        assert editions.todays_edition().slots.get().headline in headline
