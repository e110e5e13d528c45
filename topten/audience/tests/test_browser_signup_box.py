"""The sign-up box as the cached home and article pages show it, in a real browser."""

from topten.audience.models import SignupRequest
from topten.testing import SHOTS, browser_marks

pytestmark = browser_marks


class TestBrowserSignupBox:
    def test_the_box_on_a_cached_page_signs_up_inline(self, browser, live_server, settings):
        settings.ROOT_URLCONF = "topten.audience.tests.box_urls"
        settings.AUDIENCE_SIGNUP_MIN_FILL_SECONDS = 1
        SHOTS.mkdir(exist_ok=True)
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
