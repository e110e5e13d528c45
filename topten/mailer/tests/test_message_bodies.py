"""Bodies are pre-encoded literals filled with each reader's values (message.py)."""

import pytest

from topten.mailer import pipeline
from topten.mailer.models import Send
from topten.mailer.tests.helpers import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def factory(edition, readers):
    readers(1)
    pipeline.send_now(edition)
    pipeline.prepare_due_waves()  # renders the edition into the send
    return pipeline.make_factory(Send.objects.get(edition=edition))


def parts(message):
    parsed = parse(message.data)
    return [parsed.get_body((kind,)).get_content() for kind in ("plain", "html")]


class TestMessageBodies:
    def test_both_parts_decode_to_the_filled_templates(self, factory):
        message = factory.build(1, 42, "reader0@example.com", "Ann")
        values = factory.values(42, "Ann")
        text, html = parts(message)
        assert text.splitlines() == factory.text_t.text(values).splitlines()
        assert html.splitlines() == factory.html_t.text(values).splitlines()

    def test_a_first_name_is_escaped_in_html_and_verbatim_in_text(self, factory):
        message = factory.build(1, 42, "reader0@example.com", "Ann & <Bo> 100%")
        text, html = parts(message)
        assert "Ann & <Bo> 100%" in text
        assert "Ann &amp; &lt;Bo&gt; 100%" in html
        assert "<Bo>" not in html

    def test_every_tracked_link_is_the_readers_own(self, factory):
        from topten.editions.clicks import click_url

        text, _ = parts(factory.build(1, 42, "reader0@example.com", "Ann"))
        indexes = factory.personaliser.link_indexes
        assert indexes
        for index in indexes:
            assert click_url(factory.edition_id, 42, index) in text

    def test_links_too_long_for_one_line_are_still_the_readers_own(self, factory, settings):
        from topten.editions.clicks import click_url

        settings.SITE_URL = "https://" + "news." * 8 + "example.org"
        long_factory = pipeline.make_factory(Send.objects.get())
        assert not long_factory._plain_clicks
        text, html = parts(long_factory.build(1, 42, "reader0@example.com", "Ann"))
        for index in long_factory.personaliser.link_indexes:
            assert click_url(long_factory.edition_id, 42, index) in text
            assert click_url(long_factory.edition_id, 42, index) in html
