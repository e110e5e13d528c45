import datetime as dt

import pytest

from topten.wire import samples
from topten.wire.parsing import FeedError, discover_feeds, extract_full_text, parse_date, parse_feed

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://old.example/</link>
<item><title>Plain old item</title><link>http://old.example/1#top</link><description>Text &amp; more</description></item></channel></rss>"""


class TestParsing:
    @pytest.mark.parametrize("slug", [o.slug for o in samples.OUTLETS])
    def test_every_sample_format_parses_with_all_its_items(self, slug):
        _type, body = samples.render(slug, base_url="http://127.0.0.1:8000/s", now=NOW)
        feed = parse_feed(body, now=NOW)
        assert len(feed.items) == len(samples.OUTLET_BY_SLUG[slug].events)
        assert all(i.title and i.link and i.published for i in feed.items)

    def test_rss_091_parses(self):
        feed = parse_feed(RSS091, now=NOW)
        assert feed.items[0].title == "Plain old item"
        assert feed.items[0].link == "http://old.example/1"

    def test_tracking_parameters_and_fragments_leave_the_link(self):
        _type, body = samples.render("meridian-wire", base_url="http://127.0.0.1:8000/s", now=NOW)
        assert "utm_" not in parse_feed(body, now=NOW).items[0].link

    def test_scripts_leave_the_summary(self):
        body = b'<rss version="2.0"><channel><title>x</title><item><title>t</title><link>http://a.example/</link><description>&lt;p onclick="x()"&gt;Hi&lt;script&gt;bad()&lt;/script&gt;&lt;/p&gt;</description></item></channel></rss>'
        item = parse_feed(body, now=NOW).items[0]
        assert item.summary == "Hi"
        assert "script" not in item.summary_html and "onclick" not in item.summary_html

    def test_dates_are_clamped_to_sane_bounds(self):
        assert parse_date("9999-01-01T00:00:00Z", NOW) == NOW
        assert parse_date("1970-01-01T00:00:00Z", NOW) is None
        assert parse_date("not a date", NOW) is None

    def test_a_json_document_that_is_not_a_feed_is_refused(self):
        with pytest.raises(FeedError) as caught:
            parse_feed(b'{"hello": 1}')
        assert caught.value.kind == "not_a_feed"

    def test_autodiscovery_finds_the_alternate_feed(self):
        html = b'<html><head><link rel="alternate" type="application/atom+xml" href="/feed.atom" title="News"></head></html>'
        assert discover_feeds(html, "https://site.example/about") == [
            ("https://site.example/feed.atom", "News")
        ]

    def test_full_text_extraction_says_clearly_when_trafilatura_is_missing(self):
        pytest.importorskip("sys")
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            with pytest.raises(FeedError) as caught:
                extract_full_text(b"<html></html>", "https://a.example/")
            assert "trafilatura" in caught.value.message
        else:
            assert isinstance(
                extract_full_text(b"<html><p>x</p></html>", "https://a.example/"), str
            )
