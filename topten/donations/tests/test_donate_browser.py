"""A reader donates in Debian's chromium, up to the hand-over to Stripe Checkout.

Nothing leaves the machine: our server talks to the loopback Stripe stand-in, and the
browser's request to checkout.stripe.com is recorded and aborted instead of sent.
"""

import pytest

from topten.donations.models import DonationIntent
from topten.donations.tests.conftest import recorded
from topten.testing import SHOTS, browser_marks

pytestmark = browser_marks


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context()
    context.elsewhere = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            context.elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        yield context.new_page()
    finally:
        context.close()


class TestDonateBrowser:
    def test_a_reader_chooses_a_monthly_gift_and_is_sent_to_stripe_checkout(
        self, page, live_server, stripe_api
    ):
        stripe_api.expect_oneshot_request("/v1/checkout/sessions", method="POST").respond_with_json(
            recorded("api_checkout_session_subscription.json")
        )
        page.goto(f"{live_server.url}/donate/")
        page.get_by_label("Monthly").check()
        page.get_by_label("Other amount", exact=True).check()
        page.get_by_label("Other amount (EUR)").fill("0.50")
        page.get_by_role("button", name="Continue to secure payment").click()
        assert page.get_by_text("The smallest donation is €1.00.").is_visible()
        page.get_by_label("Other amount (EUR)").fill("15")
        page.get_by_label("Cover the card fees").check()
        page.get_by_label("Your name (optional)").fill("Grace")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "donations-form.png"), full_page=True)
        page.get_by_role("button", name="Continue to secure payment").click()
        for _ in range(50):  # the 303 to Stripe is aborted by the guard; wait for it
            if page.context.elsewhere:
                break
            page.wait_for_timeout(100)
        assert page.context.elsewhere[0].startswith(
            "https://checkout.stripe.com/c/pay/cs_test_b1"
        ), page.context.elsewhere
        intent = DonationIntent.objects.get()
        assert (intent.frequency, intent.gift, intent.total) == ("monthly", 1500, 1549)
        assert intent.public_name == "Grace"
