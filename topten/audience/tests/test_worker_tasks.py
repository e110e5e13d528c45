from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from topten.audience import actions
from topten.audience.importer import run_next_import_job
from topten.audience.models import ImportJob, SignupRequest, Subscriber
from topten.audience.tasks import WORKER_TASKS

pytestmark = pytest.mark.django_db


class TestWorkerTasks:
    def test_the_worker_runs_the_signup_and_import_tasks(self):
        assert actions.process_signup_requests in WORKER_TASKS
        assert run_next_import_job in WORKER_TASKS

    def test_one_pass_handles_waiting_requests_and_reports_the_count(self):
        actions.request_signup(email="jo@example.com")
        actions.request_signup(email="kim@example.com")
        assert actions.process_signup_requests() == 2
        assert actions.process_signup_requests() == 0

    def test_a_handled_request_keeps_no_address(self):
        actions.request_signup(email="jo@example.com")
        actions.process_signup_requests()
        assert SignupRequest.objects.get().email == ""

    def test_handled_requests_are_forgotten_after_two_days(self):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            actions.request_signup(email="jo@example.com")
            actions.process_signup_requests()
            traveller.shift(timedelta(days=3))
            actions.process_signup_requests()
        assert not SignupRequest.objects.exists()

    def test_an_import_whose_worker_died_is_picked_up_again(self, tmp_path):
        path = tmp_path / "list.csv"
        path.write_text("email\nlee@example.org\n")
        ImportJob.objects.create(
            path=str(path),
            basis="send_confirmation",
            status=ImportJob.Status.RUNNING,
            lease_until=timezone.now() - timedelta(minutes=1),
        )
        assert run_next_import_job() == 1
        assert ImportJob.objects.get().status == ImportJob.Status.DONE
        assert Subscriber.objects.get().email == "lee@example.org"

    def test_an_unreadable_import_fails_with_the_reason(self, tmp_path):
        path = tmp_path / "list.csv"
        path.write_text("name\nLee\n")
        ImportJob.objects.create(path=str(path), basis="send_confirmation")
        run_next_import_job()
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED
        assert "No email column" in job.errors
