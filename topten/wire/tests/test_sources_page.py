import pytest
from django.urls import reverse

from topten.wire import actions
from topten.wire.models import Source

pytestmark = pytest.mark.django_db

OPML = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="One" xmlUrl="https://one.example/feed" htmlUrl="https://one.example/"/>
<outline text="Group"><outline text="Two" xmlUrl="https://two.example/rss"/></outline></body></opml>"""
OPML_BOMB = b"""<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<opml version="2.0"><body><outline text="&b;" xmlUrl="https://bomb.example/feed"/></body></opml>"""


class TestSourcesPage:
    def test_opml_import_adds_every_feed_once(self):
        assert actions.import_opml(OPML) == (2, 0)
        assert actions.import_opml(OPML) == (0, 2)

    def test_an_opml_bomb_is_refused_and_imports_nothing(self):
        with pytest.raises(actions.WireError, match="nothing imported"):
            actions.import_opml(OPML_BOMB)
        assert not Source.objects.exists()

    def test_export_round_trips_through_import(self):
        actions.import_opml(OPML)
        exported = actions.export_opml()
        Source.objects.all().delete()
        assert actions.import_opml(exported) == (2, 0)

    def test_a_site_url_is_added_through_its_alternate_feed(self, feed_server):
        source = actions.add_source(url=feed_server.url + "/site")
        assert source.feed_url == feed_server.url + "/sample/meridian-wire"
        assert source.name == "Site feed"

    def test_a_page_without_a_feed_gets_a_clear_error(self, feed_server):
        with pytest.raises(actions.WireError, match="announces no feed"):
            actions.add_source(url=feed_server.url + "/html")

    def test_the_page_shows_health_and_the_add_form(self, client, staff, feed_server):
        Source.objects.create(
            name="Broken",
            feed_url=feed_server.url + "/x",
            last_error_kind="timeout",
            last_error_message="the total deadline passed",
        )
        client.force_login(staff)
        page = client.get(reverse("wire:sources")).content.decode()
        assert "timeout" in page and "the total deadline passed" in page and "Import OPML" in page

    def test_import_through_the_page_reports_a_bomb(self, client, staff):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(staff)
        response = client.post(
            reverse("wire:import_opml"),
            {"opml": SimpleUploadedFile("a.opml", OPML_BOMB)},
            follow=True,
        )
        assert "nothing imported" in response.content.decode()

    def test_the_add_form_adds_a_site_by_its_alternate_feed(self, client, staff, feed_server):
        client.force_login(staff)
        response = client.post(
            reverse("wire:sources"),
            {"url": feed_server.url + "/site", "kind": "wire", "trust": "1.5"},
            follow=True,
        )
        assert "Added Site feed" in response.content.decode()
        assert Source.objects.get().kind == "wire"

    def test_a_bad_trust_value_gets_a_clear_error(self, client, staff):
        client.force_login(staff)
        response = client.post(
            reverse("wire:sources"), {"url": "https://x.example/feed", "trust": "lots"}, follow=True
        )
        assert "Trust must be a number" in response.content.decode()
        assert not Source.objects.exists()

    def test_trust_outside_its_range_is_refused(self):
        with pytest.raises(actions.WireError, match="between 0.1 and 3"):
            actions.add_source(url="https://x.example/feed", trust=7, discover=False)
