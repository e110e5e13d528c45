import pytest
from django.core.management import call_command
from django.urls import reverse

from topten.editions import actions as editions
from topten.editions.models import Edition
from topten.newsroom.models import Publication
from topten.wire.models import Source, Story
from topten.wire.samples import OUTLETS

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(feed_server, client, staff):
    Publication.objects.get_or_create(pk=1)
    for outlet in OUTLETS:
        Source.objects.create(
            name=outlet.name,
            feed_url=f"{feed_server.url}/sample/{outlet.slug}",
            kind=outlet.kind,
            trust=outlet.trust,
            region=outlet.region,
        )
    call_command("wire", "ingest", "--once")
    client.force_login(staff)
    return client


def varno():
    return Story.objects.get(title__icontains="Varno", merged_into__isnull=True)


class TestDeskPage:
    def test_staff_see_ranked_candidates_with_their_explanation(self, desk):
        page = desk.get(reverse("wire:index")).content.decode()
        assert "Magnitude 6.4 earthquake strikes Varno coast" in page
        assert "4 sources" in page and "Meridian Wire (sample)" in page
        assert "<svg" in page

    def test_readers_are_sent_to_the_login(self, client):
        assert client.get(reverse("wire:index")).status_code == 302

    def test_the_fragment_filters_by_region(self, desk):
        page = desk.get(reverse("wire:candidates"), {"region": "americas"}).content.decode()
        assert "Marisol" in page and "Arlen" not in page  # Arlen's bridge: europe only

    def test_add_to_todays_edition_fills_the_next_slot(self, desk):
        story = varno()
        response = desk.post(reverse("wire:add", args=[story.pk]))
        assert response.status_code == 302
        edition = editions.todays_edition()
        slot = edition.slots.get()
        assert slot.position == 1 and "Varno" in slot.headline
        assert 2 <= editions.count_sentences(slot.blurb) <= 4
        assert [s.name for s in slot.sources.all()][0] == "Meridian Wire (sample)"

    def test_a_full_edition_gets_a_clear_message(self, desk):
        edition = editions.start_edition(editions.publication_today())
        for n in range(Edition.SLOT_COUNT):
            editions.add_slot(edition, headline=f"Story {n}", blurb="One. Two.", sources=[])
        response = desk.post(reverse("wire:add", args=[varno().pk]), follow=True)
        assert "already has ten stories" in response.content.decode()

    def test_pin_and_dismiss_change_the_list(self, desk):
        story = varno()
        desk.post(reverse("wire:pin", args=[story.pk]))
        assert Story.objects.get(pk=story.pk).pinned
        desk.post(reverse("wire:dismiss", args=[story.pk]))
        page = desk.get(reverse("wire:candidates")).content.decode()
        assert "Magnitude 6.4 earthquake strikes Varno coast" not in page

    def test_buttons_need_a_csrf_token(self, desk, staff):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(staff)
        assert strict.post(reverse("wire:pin", args=[varno().pk])).status_code == 403

    def test_the_fragment_filters_by_section_from_feed_categories(self, desk):
        page = desk.get(reverse("wire:candidates"), {"section": "business"}).content.decode()
        assert "Lumen" in page and "Varno" not in page

    def test_after_a_button_the_desk_keeps_only_the_filters(self, desk):
        response = desk.post(
            reverse("wire:pin", args=[varno().pk]),
            {"filters": "region=europe&next=//evil.example&x=\r\nSet-Cookie: a"},
        )
        assert response["Location"] == reverse("wire:index") + "?region=europe"
