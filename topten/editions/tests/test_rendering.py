import re

import pytest

from topten.editions import actions
from topten.editions.rendering import GMAIL_CLIP_BYTES, render_edition, substitute

pytestmark = pytest.mark.django_db

LONG = "https://example.org/" + "very-long-path/" * 60


def long_edition(edition):
    blurb = " ".join(["This is a long sentence about the world that goes on and on."] * 12)
    for n in range(10):
        actions.add_slot(
            edition,
            headline=f"{n} " + "A very long headline " * 9,
            blurb=blurb,
            sources=[(f"Source {n}-{i}", f"{LONG}{n}/{i}") for i in range(5)],
            image_url=f"https://images.example.org/{n}.jpg",
            image_credit="Photo: A. Photographer / Agency" * 3,
        )
    actions.update_edition(edition, intro="Intro. " * 100, signoff="Bye. " * 20)
    return edition


def personalised(rendered):
    values = {
        "first_name": "Alexandra",
        "unsubscribe_url": "https://topten.example/u/" + "x" * 80 + "/",
        "preferences_url": "https://topten.example/p/" + "x" * 80 + "/",
        "web_url": "https://topten.example/editions/2031-01-01/",
    }
    return substitute(rendered.html, values, lambda i: "https://topten.example/r/" + "t" * 38 + "/")


class TestRendering:
    def test_ten_long_stories_stay_under_gmails_clipping_size(self, edition):
        rendered = render_edition(long_edition(edition))
        assert len(personalised(rendered).encode()) < GMAIL_CLIP_BYTES

    def test_the_html_has_the_personal_placeholders(self, full_edition):
        html = render_edition(full_edition).html
        for name in ("first_name", "unsubscribe_url", "preferences_url", "web_url"):
            assert f"[[{name}]]" in html
        assert "[[click:9]]" in html

    def test_css_is_inlined_and_media_queries_are_kept(self, full_edition):
        html = render_edition(full_edition).html
        assert re.search(r'class="headline"[^>]* style="[^"]*font:', html)
        style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
        assert "prefers-color-scheme: dark" in style and "max-width: 620px" in style
        assert ".brand {" not in style.split("@media")[0]
        assert '<meta name="color-scheme" content="light dark">' in html

    def test_the_layout_is_table_based_with_a_hidden_preheader(self, full_edition):
        actions.update_edition(full_edition, preheader="Ten stories today")
        html = render_edition(full_edition).html
        assert re.search(r'<table[^>]* role="presentation"', html)
        assert re.search(r'<div style="display:none[^>]*>Ten stories today', html)

    def test_the_plain_text_part_has_every_link(self, full_edition):
        rendered = render_edition(full_edition)
        for i in range(len(rendered.links)):
            assert f"[[click:{i}]]" in rendered.text
        assert "Unsubscribe: [[unsubscribe_url]]" in rendered.text

    def test_both_parts_show_the_postal_address_and_unsubscribe_link(self, full_edition):
        rendered = render_edition(full_edition)
        for part in (rendered.html, rendered.text):
            assert "1 Example Street, 10115 Berlin, Germany" in part
        assert re.search(r'<a href="\[\[unsubscribe_url\]\]"[^>]*>Unsubscribe</a>', rendered.html)

    def test_without_click_tracking_links_are_plain(self, full_edition, publication):
        publication.click_tracking = False
        publication.save()
        rendered = render_edition(full_edition)
        assert rendered.links == ()
        assert "[[click:" not in rendered.html + rendered.text
        url = full_edition.slots.first().sources.first().url
        assert f'href="{url}"' in rendered.html

    def test_editor_text_cannot_inject_a_placeholder(self, full_edition):
        actions.update_edition(full_edition, intro="Look: [[unsubscribe_url]] [[click:99]]")
        rendered = render_edition(full_edition)
        assert "[[click:99]]" not in rendered.html + rendered.text
        assert "Look: [\u200b[unsubscribe_url]]" in rendered.text

    def test_rendering_for_sending_stores_the_links(self, full_edition):
        rendered = render_edition(full_edition)
        full_edition.refresh_from_db()
        assert [link["url"] for link in full_edition.links] == list(rendered.links)

    def test_a_preview_render_stores_nothing(self, full_edition):
        render_edition(full_edition, store_links=False)
        full_edition.refresh_from_db()
        assert full_edition.links == []
