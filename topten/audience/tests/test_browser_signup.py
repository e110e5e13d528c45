"""The key flow in a real browser: sign up, read the email, confirm, get the welcome."""

from pathlib import Path

import pytest
from django.db import connections

from topten.audience.actions import process_signup_requests
from topten.audience.models import SignupRequest, Subscriber
from topten.audience.tests.smtp import deliver, link_in

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

    # Playwright's sync API keeps an event loop in this thread; the ORM calls made
    # here between browser steps are still plain synchronous calls.
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
            # While Playwright's loop runs, Django keeps this thread's connection in
            # a context-local slot that pytest-django's teardown cannot see; left
            # open, it would stop PostgreSQL from dropping the test database.
            connections.close_all()


class TestBrowserSignup:
    def test_a_reader_signs_up_confirms_and_is_welcomed(self, browser, live_server, smtp, settings):
        settings.SITE_URL = live_server.url
        settings.AUDIENCE_SIGNUP_MIN_FILL_SECONDS = 0
        SHOTS.mkdir(exist_ok=True)
        page = browser.new_context(timezone_id="Asia/Tokyo").new_page()

        page.goto(f"{live_server.url}/subscribe/")
        page.fill("#id_email", "ida@example.com")
        page.fill("#id_first_name", "Ida")
        page.click("form[data-signup-form] button[type=submit]")
        page.wait_for_selector(".signup-status.is-done")
        page.screenshot(path=str(SHOTS / "audience-signup.png"))
        assert SignupRequest.objects.get().timezone == "Asia/Tokyo"

        process_signup_requests()
        deliver()
        page.goto(link_in(smtp.to("ida@example.com")[0], "/confirm/"))
        assert Subscriber.objects.get().status == "pending"  # opening the link changes nothing
        page.click("main form button:has-text('Confirm')")
        page.wait_for_selector("text=You're subscribed")
        page.screenshot(path=str(SHOTS / "audience-confirmed.png"))

        deliver()
        assert smtp.to("ida@example.com")[-1]["Subject"].startswith("Welcome")
        assert Subscriber.objects.get().status == "confirmed"


class TestBrowserSignupBox:
    def test_the_box_on_a_cached_page_signs_up_inline(self, browser, live_server, settings):
        settings.ROOT_URLCONF = "topten.audience.tests.box_urls"
        settings.AUDIENCE_SIGNUP_MIN_FILL_SECONDS = 1
        page = browser.new_context(timezone_id="America/Chicago").new_page()
        page.goto(f"{live_server.url}/box/")
        page.click("#signup-box-email")  # focusing fetches the CSRF token and form stamp
        page.fill("#signup-box-email", "jay@example.com")
        page.wait_for_timeout(1500)
        page.click("form[data-signup-box] button[type=submit]")
        page.wait_for_selector(".signup-box .signup-status.is-done")
        page.screenshot(path=str(SHOTS / "audience-signup-box.png"))
        request = SignupRequest.objects.get()
        assert (request.email, request.timezone) == ("jay@example.com", "America/Chicago")
