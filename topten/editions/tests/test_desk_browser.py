"""The desk in a real browser: add ten articles, reorder with the keyboard, preview, schedule."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from topten.editions.models import Edition
from topten.editions.tests.conftest import make_article
from topten.newsroom.models import Publication
from topten.testing import SHOTS, browser_marks

pytestmark = browser_marks


@pytest.fixture
def session_cookie(client, live_server):
    Publication.objects.create(pk=1, postal_address="1 Example Street, Berlin")
    for n in range(12):
        make_article(n, hours_ago=n + 1)
    editor = User.objects.create_user("editor", "e@example.com", "pw", is_staff=True)
    client.force_login(editor)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def slot_headlines(page):
    return page.locator("#slots li.desk-slot .slot-headline").all_inner_texts()


class TestDeskBrowser:
    def test_an_editor_builds_and_schedules_todays_edition(
        self, live_server, session_cookie, browser
    ):
        from playwright.sync_api import expect

        shots = SHOTS
        shots.mkdir(exist_ok=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1700})
        context.add_cookies([session_cookie])
        page = context.new_page()
        questions = []
        page.on("dialog", lambda d: (questions.append(d.message), d.accept()))
        page.goto(f"{live_server.url}/editions/desk/")
        page.get_by_role("button", name="Start edition").click()
        expect(page.locator("h1")).to_contain_text("Edition of")

        for n in range(10):
            page.locator(".desk-articles button:not([disabled])").first.click()
            expect(page.locator("#slot-count")).to_have_text(str(n + 1))

        before = slot_headlines(page)
        move_down = page.locator("#slots li.desk-slot").first.locator("button[data-direction=down]")
        move_down.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#move-status")).to_have_text("Moved to position 2.")
        assert slot_headlines(page)[:2] == [before[1], before[0]]
        expect(
            page.locator("#slots li.desk-slot").nth(1).locator("button[data-direction=down]")
        ).to_be_focused()

        slots = page.locator("#slots li.desk-slot")
        slots.nth(0).scroll_into_view_if_needed()
        slots.nth(3).drag_to(slots.nth(0))
        expect(page.locator("#move-status")).to_have_text("Moved to position 1.")
        dragged = before[3]
        assert slot_headlines(page)[0] == dragged

        frame = page.frame_locator("iframe.preview-desktop")
        expect(frame.locator("body")).to_contain_text("Good morning Alex")
        expect(frame.locator("body")).to_contain_text(dragged)
        page.screenshot(path=str(shots / "editions-desk.png"), full_page=True)

        page.locator("#schedule-button").click()
        expect(page.locator("#edition-status")).to_have_text("Scheduled")
        assert questions == [
            "Schedule this edition? It will be locked and sent at each reader's delivery time."
        ]
        expect(page.locator("#slots button[data-direction=down]").first).to_be_disabled()
        page.screenshot(path=str(shots / "editions-desk-scheduled.png"))

        edition = Edition.objects.get()
        assert edition.status == Edition.Status.SCHEDULED
        assert [s.headline for s in edition.slots.all()][:3] == [dragged, before[1], before[0]]
