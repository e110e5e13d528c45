from io import StringIO

import pytest
from django.core.management import call_command

from topten.core.worker import discover_tasks, run_round
from topten.mailer.actions import send_queued_emails
from topten.newsroom.actions import publish_due_articles


class TestWorker:
    def test_it_discovers_every_apps_worker_tasks(self):
        tasks = discover_tasks()
        assert publish_due_articles in tasks
        assert send_queued_emails in tasks

    @pytest.mark.django_db
    def test_a_failing_task_does_not_stop_the_round(self):
        calls = []

        def broken():
            raise RuntimeError("boom")

        def fine():
            calls.append(1)
            return 3

        assert run_round([broken, fine]) == 3
        assert calls == [1]

    @pytest.mark.django_db(transaction=True)
    def test_once_runs_one_pass_and_exits(self):
        out = StringIO()
        call_command("worker", "--once", stdout=out)
        assert "one pass done" in out.getvalue()
