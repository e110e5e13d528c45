"""The reader's path in Debian's chromium: home page, an article, a share link, copy-link.

Nothing leaves the machine: every request to another origin is recorded and aborted.
"""

from django.db import connections

from topten.core.management.commands.demo import load_demo
from topten.newsroom.models import ShareCount
from topten.testing import SHOTS, browser_marks

pytestmark = browser_marks


def expect(locator):
    from playwright.sync_api import expect

    return expect(locator)


def offline_page(browser, origin: str, elsewhere: list):
    """A page whose requests stay on `origin`: our share endpoint is called for real, but
    the network it redirects to is recorded instead of visited."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)

    def guard(route):
        url = route.request.url
        if not url.startswith(origin):
            elsewhere.append(url)
            route.abort()
        elif url.startswith(origin + "/share/") and "/copy/" not in url:
            response = route.fetch(max_redirects=0)
            elsewhere.append(response.headers.get("location", ""))
            route.fulfill(status=200, content_type="text/plain", body="Left the site.")
        else:
            route.continue_()

    context.route("**/*", guard)
    return context.new_page()


class TestBrowser:
    def test_a_reader_opens_an_article_and_shares_it(self, browser, live_server):
        try:
            self.walk(browser, live_server)
        finally:
            # Playwright's sync API runs the test in a greenlet with its own context, so
            # Django gave it its own connection: close it or the test database stays busy.
            connections.close_all()

    def walk(self, browser, live_server):
        load_demo()
        SHOTS.mkdir(exist_ok=True)
        elsewhere: list[str] = []
        page = offline_page(browser, live_server.url, elsewhere)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))

        page.goto(live_server.url + "/")
        page.screenshot(path=str(SHOTS / "web-home.png"), full_page=True)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        first_card = page.locator("article.card h3 a").first
        headline = first_card.inner_text()
        first_card.click()
        page.wait_for_selector("h1")
        assert page.locator("h1").inner_text() == headline
        assert page.locator(".share-total").inner_text().upper() == "TOTAL 0 SHARES"

        article_path = "/news/" + page.url.split("/news/")[1]
        with page.expect_response(lambda r: "via=js" in r.url):
            page.locator("a.share-copy").click()
        expect(page.locator(".share-status")).to_have_text("Link copied.")
        assert page.evaluate("navigator.clipboard.readText()").endswith(article_path)
        page.screenshot(path=str(SHOTS / "web-article-share.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "web-article-phone.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        assert not [p for p in problems if "Content Security Policy" in p or "Error" in p]

        page.locator("a.share-x").click()
        expect(page.locator("body")).to_have_text("Left the site.")
        assert len(elsewhere) == 1 and elsewhere[0].startswith("https://x.com/intent/post?")
        assert "url=" in elsewhere[0]
        assert ShareCount.objects.get(network="x").count == 1
        assert ShareCount.objects.get(network="copy").count == 1  # the script's request
