"""The desk in a real browser: candidates listed, one added to today's edition."""

from django.core.management import call_command
from django.test import Client

from topten.editions import actions as editions
from topten.newsroom.models import Publication
from topten.testing import SHOTS, browser_marks
from topten.wire.models import Source
from topten.wire.samples import OUTLETS

pytestmark = browser_marks


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
