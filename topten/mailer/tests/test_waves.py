import datetime as dt

import pytest
import time_machine

from topten.mailer.waves import Group, plan_waves

UTC = dt.UTC


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


class TestWaves:
    def test_each_timezone_gets_its_local_morning(self):
        groups = [Group("Europe/London", dt.time(6)), Group("Asia/Tokyo", dt.time(6))]
        waves, _ = plan_waves(dt.date(2026, 1, 15), groups, at(2026, 1, 1), fallback_tz="UTC")
        assert [w.due_at for w in waves] == [at(2026, 1, 14, 21), at(2026, 1, 15, 6)]

    def test_summer_time_moves_the_utc_instant(self):
        groups = [Group("Europe/London", dt.time(6))]
        waves, _ = plan_waves(dt.date(2026, 7, 1), groups, at(2026, 1, 1), fallback_tz="UTC")
        assert waves[0].due_at == at(2026, 7, 1, 5)

    def test_a_time_in_the_spring_gap_lands_after_the_gap(self):
        # 2026-03-29 01:30 does not exist in London (clocks go 01:00 -> 02:00).
        groups = [Group("Europe/London", dt.time(1, 30))]
        waves, _ = plan_waves(dt.date(2026, 3, 29), groups, at(2026, 1, 1), fallback_tz="UTC")
        assert waves[0].due_at == at(2026, 3, 29, 1, 30)

    def test_a_repeated_autumn_time_is_the_first_one(self):
        groups = [Group("America/New_York", dt.time(1, 30))]
        waves, _ = plan_waves(dt.date(2026, 11, 1), groups, at(2026, 1, 1), fallback_tz="UTC")
        assert waves[0].due_at == at(2026, 11, 1, 5, 30)

    def test_zones_with_the_same_instant_share_a_wave(self):
        groups = [Group("Europe/Paris", dt.time(6), 2), Group("Europe/Berlin", dt.time(6), 3)]
        waves, _ = plan_waves(dt.date(2026, 1, 15), groups, at(2026, 1, 1), fallback_tz="UTC")
        assert len(waves) == 1 and waves[0].count == 5

    def test_late_subscribers_get_it_at_once(self):
        now = at(2026, 1, 15, 12)
        groups = [Group("Asia/Tokyo", dt.time(6))]
        waves, _ = plan_waves(dt.date(2026, 1, 15), groups, now, fallback_tz="UTC")
        assert waves[0].due_at == now

    def test_late_subscribers_can_be_skipped(self):
        now = at(2026, 1, 15, 12)
        groups = [Group("Asia/Tokyo", dt.time(6))]
        waves, skipped = plan_waves(
            dt.date(2026, 1, 15), groups, now, fallback_tz="UTC", late="skip"
        )
        assert waves == [] and skipped == groups

    def test_an_unknown_timezone_falls_back_to_the_publication(self):
        groups = [Group("Mars/Olympus", dt.time(6))]
        waves, _ = plan_waves(
            dt.date(2026, 1, 15), groups, at(2026, 1, 1), fallback_tz="Europe/Berlin"
        )
        assert waves[0].due_at == at(2026, 1, 15, 5)

    @pytest.mark.django_db
    def test_a_scheduled_edition_gets_one_wave_per_instant(self, publication, readers):
        from topten.mailer import pipeline
        from topten.mailer.tests.conftest import make_edition

        readers(6, timezones=("Europe/London", "America/New_York", "Asia/Tokyo"))
        with time_machine.travel(at(2026, 3, 27, 12), tick=False):
            edition = make_edition(dt.date(2026, 3, 30))
            send = pipeline.start_send(edition)
        due = [w.due_at for w in send.waves.order_by("due_at")]
        # Tokyo 06:00 = 21:00Z the day before; London is on BST by then; New York on EDT.
        assert due == [at(2026, 3, 29, 21), at(2026, 3, 30, 5), at(2026, 3, 30, 10)]


@pytest.mark.django_db
class TestLateJoiners:
    def test_a_reader_in_a_new_timezone_gets_a_wave_of_their_own(self, publication, readers):
        from topten.mailer import pipeline
        from topten.mailer.models import Delivery, Send
        from topten.mailer.tests.conftest import make_edition

        readers(2, timezones=("Asia/Tokyo",))
        with time_machine.travel(at(2026, 1, 14, 12), tick=False):
            edition = make_edition(dt.date(2026, 1, 15))
            pipeline.start_send(edition)
        readers(1, start=2, timezones=("America/Denver",))  # joins after scheduling
        with time_machine.travel(at(2026, 1, 14, 21), tick=False):
            assert pipeline.prepare_due_waves() == 1  # Tokyo's wave freezes
        send = Send.objects.get()
        assert [w.due_at for w in send.waves.order_by("due_at")] == [
            at(2026, 1, 14, 21),
            at(2026, 1, 15, 13),  # 06:00 in Denver
        ]
        with time_machine.travel(at(2026, 1, 15, 13), tick=False):
            pipeline.prepare_due_waves()
        assert Delivery.objects.filter(email="reader2@example.com").exists()
