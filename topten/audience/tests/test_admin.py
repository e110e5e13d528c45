import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from topten.audience.importer import run_next_import_job
from topten.audience.models import ConsentEvent, ImportJob, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client, settings, tmp_path):
    settings.AUDIENCE_IMPORT_DIR = str(tmp_path / "imports")
    return admin_client


class TestAdmin:
    def test_the_list_shows_counts_by_status_and_the_growth_chart(
        self, editor, confirmed_subscriber, unconfirmed_subscriber
    ):
        response = editor.get(reverse("admin:audience_subscriber_changelist"))
        assert dict(response.context["status_counts"])["Confirmed"] == 1
        assert "<svg" in response.text and "Daily growth" in response.text

    def test_the_list_can_be_filtered_by_status_and_searched(
        self, editor, confirmed_subscriber, unconfirmed_subscriber
    ):
        url = reverse("admin:audience_subscriber_changelist")
        response = editor.get(url, {"status__exact": "pending", "q": "ben"})
        assert [s.email for s in response.context["cl"].result_list] == ["ben@example.com"]

    def test_the_export_follows_the_current_filter(
        self, editor, confirmed_subscriber, unconfirmed_subscriber
    ):
        url = reverse("admin:audience_subscriber_export")
        body = b"".join(editor.get(url, {"status__exact": "confirmed"}).streaming_content)
        assert b"ann@example.com" in body and b"ben@example.com" not in body

    def test_an_upload_becomes_a_job_the_worker_runs_with_progress(self, editor):
        upload = SimpleUploadedFile("list.csv", b"email\nann@example.org\nbad\n")
        response = editor.post(
            reverse("admin:audience_subscriber_import"),
            {"file": upload, "basis": "confirmed_elsewhere", "confirmed_on": "2024-05-01"},
        )
        job = ImportJob.objects.get()
        assert response.url == reverse("admin:audience_import_progress", args=[job.pk])
        assert run_next_import_job() == 1
        status = editor.get(reverse("admin:audience_import_status", args=[job.pk])).json()
        assert (status["status"], status["percent"], status["imported"]) == ("done", 100, 1)

    def test_the_progress_page_lists_invalid_rows(self, editor):
        upload = SimpleUploadedFile("list.csv", b"email\nann@example.org\nbad\n")
        editor.post(
            reverse("admin:audience_subscriber_import"),
            {"file": upload, "basis": "confirmed_elsewhere", "confirmed_on": "2024-05-01"},
        )
        run_next_import_job()
        page = editor.get(
            reverse("admin:audience_import_progress", args=[ImportJob.objects.get().pk])
        )
        assert "line 3:" in page.text
        assert '<progress max="100" value="100"' in page.text

    def test_an_import_without_a_date_for_confirmed_elsewhere_is_refused(self, editor):
        upload = SimpleUploadedFile("list.csv", b"email\nann@example.org\n")
        response = editor.post(
            reverse("admin:audience_subscriber_import"),
            {"file": upload, "basis": "confirmed_elsewhere"},
        )
        assert response.status_code == 200
        assert not ImportJob.objects.exists()

    def test_a_staff_change_is_logged(self, editor, confirmed_subscriber):
        url = reverse("admin:audience_subscriber_change", args=[confirmed_subscriber.pk])
        form = editor.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None}
        data |= {
            "first_name": "Annie",
            "delivery_time": "06:00",
            "paused_until_0": "",
            "paused_until_1": "",
        }
        editor.post(url, data)
        event = ConsentEvent.objects.get(action="admin_change")
        assert event.detail["changed"] == ["first_name"]

    def test_erasing_from_the_admin_keeps_the_suppression(self, editor, confirmed_subscriber):
        editor.post(reverse("admin:audience_subscriber_erase", args=[confirmed_subscriber.pk]))
        assert not Subscriber.objects.exists()
        from topten.audience.actions import is_suppressed

        assert is_suppressed("ann@example.com")

    def test_the_data_export_is_a_json_download(self, editor, confirmed_subscriber):
        response = editor.get(
            reverse("admin:audience_subscriber_data", args=[confirmed_subscriber.pk])
        )
        assert response.json()["subscriber"]["email"] == "ann@example.com"

    def test_staff_can_suppress_an_address_by_typing_it(self, editor):
        response = editor.post(
            reverse("admin:audience_suppression_add"),
            {"email": "Blocked@Example.org", "reason": "manual"},
        )
        assert response.status_code == 302
        from topten.audience.actions import is_suppressed

        assert is_suppressed("blocked@example.org")

    def test_the_suppression_list_can_be_searched_by_address(self, editor):
        from topten.audience.actions import suppress_address

        suppress_address("gone@example.org", "bounced", source="webhook")
        url = reverse("admin:audience_suppression_changelist")
        response = editor.get(url, {"q": "gone@example.org"})
        assert len(response.context["cl"].result_list) == 1

    def test_the_consent_log_is_read_only_in_the_admin(self, editor, confirmed_subscriber):
        event = ConsentEvent.objects.first()
        url = reverse("admin:audience_consentevent_change", args=[event.pk])
        editor.post(url, {"action": "erase"})
        event.refresh_from_db()
        assert event.action == "subscribe"
