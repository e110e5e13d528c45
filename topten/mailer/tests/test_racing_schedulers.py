import threading

import pytest
from django.db import connection

from topten.mailer import pipeline
from topten.mailer.models import Send, Wave


@pytest.mark.django_db(transaction=True)
class TestRacingSchedulers:
    def test_two_schedulers_make_exactly_one_send(self, edition, readers):
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race")
        readers(10, timezones=("Europe/London", "Asia/Tokyo"))
        barrier = threading.Barrier(2)
        sends = []

        def schedule():
            from django.db import connections

            barrier.wait()
            sends.append(pipeline.start_send(edition).pk)
            connections.close_all()

        threads = [threading.Thread(target=schedule) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert Send.objects.count() == 1
        assert sends == [Send.objects.get().pk] * 2
        assert Wave.objects.count() == 2

    def test_starting_twice_in_a_row_is_idempotent(self, edition, readers):
        readers(3)
        first = pipeline.start_send(edition)
        assert pipeline.start_send(edition) == first
        assert pipeline.start_due_sends() == 0
        assert Send.objects.count() == 1
