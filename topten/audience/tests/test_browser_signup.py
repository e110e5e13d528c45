"""The key flow in a real browser: sign up, read the email, confirm, get the welcome."""

from topten.audience.actions import process_signup_requests
from topten.audience.models import SignupRequest, Subscriber
from topten.audience.tests.smtp import deliver, link_in
from topten.testing import SHOTS, browser_marks

pytestmark = browser_marks


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
