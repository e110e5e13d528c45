import pytest
from django.test import Client
from django.urls import reverse

from topten.editions import actions
from topten.editions.models import Edition, TestAddress
from topten.mailer.models import QueuedEmail

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"editions:{name}", args=args)


class TestDeskFlows:
    def test_an_editor_starts_todays_edition(self, desk, publication):
        today = actions.publication_today()
        response = desk.post(url("desk_start"), {"date": today.isoformat(), "newsletter": "daily"})
        edition = Edition.objects.get(date=today)
        assert response["Location"] == url("desk_edition", edition.pk)
        assert b"Open today" in desk.get(url("desk")).content

    def test_adding_an_article_fills_a_slot_in_one_click(self, desk, edition, articles):
        page = desk.get(url("desk_edition", edition.pk))
        assert articles[0].headline.encode() in page.content
        desk.post(url("desk_add_article", edition.pk), {"article": articles[0].pk})
        slot = edition.slots.get()
        assert (slot.headline, slot.blurb) == (articles[0].headline, articles[0].standfirst)

    def test_an_unpublished_article_cannot_be_added(self, desk, edition, articles):
        from topten.newsroom.actions import unpublish_article

        unpublish_article(articles[0])
        response = desk.post(url("desk_add_article", edition.pk), {"article": articles[0].pk})
        assert response.status_code == 404

    def test_moving_a_slot_down_without_javascript(self, desk, full_edition):
        first = full_edition.slots.get(position=1)
        response = desk.post(
            url("desk_move_slot", full_edition.pk, first.pk), {"direction": "down"}
        )
        assert response["Location"].endswith(f"#slot-{first.pk}")
        first.refresh_from_db()
        assert first.position == 2

    def test_a_drag_and_drop_move_answers_json(self, desk, full_edition):
        slot = full_edition.slots.get(position=7)
        response = desk.post(
            url("desk_move_slot", full_edition.pk, slot.pk),
            {"position": "2"},
            headers={"X-Requested-With": "fetch"},
        )
        order = response.json()["slots"]
        assert order[1] == {"id": slot.pk, "position": 2}

    def test_editing_a_story_saves_its_sources(self, desk, full_edition):
        slot = full_edition.slots.get(position=3)
        desk.post(
            url("desk_edit_slot", full_edition.pk, slot.pk),
            {
                "headline": "New headline",
                "blurb": "One. Two.",
                "sources": "AFP | https://afp.test/a\nOur site | https://topten.test/b",
            },
        )
        assert [s.name for s in slot.sources.all()] == ["AFP", "Our site"]

    def test_a_malformed_source_line_is_explained(self, desk, full_edition):
        slot = full_edition.slots.get(position=3)
        response = desk.post(
            url("desk_edit_slot", full_edition.pk, slot.pk),
            {"headline": "H", "blurb": "B.", "sources": "just a name"},
        )
        assert response.status_code == 400
        assert "Line 1: write each source as" in response.content.decode()

    def test_previews_show_the_email_text_and_web_version(self, desk, full_edition):
        html = desk.get(url("desk_preview", full_edition.pk, "html"))
        assert b"Good morning Alex" in html.content and b"[[" not in html.content
        assert "frame-ancestors 'self'" in html["Content-Security-Policy"]
        text = desk.get(url("desk_preview", full_edition.pk, "text"))
        assert text["Content-Type"].startswith("text/plain") and b"http" in text.content
        web = desk.get(url("desk_preview", full_edition.pk, "web"))
        assert full_edition.slots.get(position=1).headline.encode() in web.content
        assert b"Preview of a draft edition" in web.content

    def test_a_test_send_queues_the_email_to_the_saved_list(self, desk, full_edition):
        desk.post(
            url("desk_test_send", full_edition.pk),
            {"addresses": "a@example.com\nb@example.com", "action": "send"},
        )
        sent = QueuedEmail.objects.order_by("to")
        assert [m.to for m in sent] == ["a@example.com", "b@example.com"]
        assert sent[0].subject.startswith("[TEST] ") and "Good morning Alex" in sent[0].html
        assert TestAddress.objects.count() == 2

    def test_a_bad_test_address_is_refused(self, desk, full_edition):
        desk.post(url("desk_test_send", full_edition.pk), {"addresses": "nope", "action": "send"})
        assert not QueuedEmail.objects.exists()

    def test_schedule_then_unschedule(self, desk, full_edition):
        desk.post(url("desk_status", full_edition.pk, "schedule"))
        full_edition.refresh_from_db()
        assert full_edition.status == Edition.Status.SCHEDULED
        page = desk.get(url("desk_edition", full_edition.pk)).content.decode()
        assert "The edition is locked" in page and "disabled" in page
        desk.post(url("desk_status", full_edition.pk, "unschedule"))
        full_edition.refresh_from_db()
        assert full_edition.status == Edition.Status.DRAFT

    def test_scheduling_an_incomplete_edition_lists_the_problems(self, desk, edition):
        response = desk.post(url("desk_status", edition.pk, "schedule"), follow=True)
        assert "exactly 10 stories; it has 0" in response.content.decode()
        edition.refresh_from_db()
        assert edition.status == Edition.Status.DRAFT

    def test_the_server_refuses_edits_to_a_scheduled_edition(self, desk, full_edition):
        actions.schedule_edition(full_edition)
        slot = full_edition.slots.get(position=1)
        response = desk.post(
            url("desk_move_slot", full_edition.pk, slot.pk),
            {"direction": "down"},
            headers={"X-Requested-With": "fetch"},
        )
        assert response.status_code == 409
        desk.post(url("desk_meta", full_edition.pk), {"subject": "Hacked"})
        full_edition.refresh_from_db()
        assert full_edition.subject != "Hacked"

    def test_readers_cannot_open_the_desk(self, client, reader, full_edition):
        client.force_login(reader)
        for page in [
            url("desk"),
            url("desk_edition", full_edition.pk),
            url("report", full_edition.pk),
        ]:
            assert client.get(page).status_code == 302

    def test_posts_without_a_csrf_token_are_refused(self, editor, full_edition):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(editor)
        response = strict.post(url("desk_status", full_edition.pk, "schedule"))
        assert response.status_code == 403
