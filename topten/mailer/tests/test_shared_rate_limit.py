"""The send rate limit holds across worker processes sharing one database."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from topten.mailer.models import SendGrant
from topten.mailer.quota import RateLimit
from topten.mailer.ratelimit import busiest_window
from topten.mailer.transports import get_transport

WORKERS = 4
MESSAGES = 25  # per worker


class FakeClock:
    def __init__(self, now=1_000.0):
        self.now = now

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def limit(clock, grants, **rates):
    return RateLimit(**rates, clock=clock, sleep=clock.sleep, on_grant=lambda *g: grants.append(g))


def child_env(tmp_path):
    env = dict(os.environ, CACHE_URL="locmem://", STATIC_MANIFEST="false", LOG_LEVEL="ERROR")
    env["TOPTEN_VAR_DIR"] = str(tmp_path / "var")
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:  # the test database is in memory: the workers share a file of their own
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'quota.sqlite3'}"
        worker(env, "create-tables").communicate(timeout=120)
    return env


def worker(env, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "topten.mailer.tests.quota_worker", *map(str, args)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def run_workers(tmp_path, per_second=0, per_hour=0, scale=0):
    """Start the workers, let them all go at once, and return every grant they got."""
    env = child_env(tmp_path)
    procs = [
        worker(env, per_second, per_hour, MESSAGES, seed, *([scale] if scale else []))
        for seed in range(WORKERS)
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    grants = []
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        grants.append(json.loads(out))
    return grants


@pytest.mark.django_db(transaction=True)
class TestSharedRateLimit:
    def test_grants_within_the_quota_do_not_wait(self):
        clock, grants = FakeClock(), []
        assert limit(clock, grants, per_second=10).acquire(10) == 0
        assert grants == [(1_000.0, 10)]

    def test_a_second_worker_waits_for_the_first_ones_grants_to_leave_the_window(self):
        clock, grants = FakeClock(), []
        limit(clock, grants, per_second=10).acquire(8)
        clock.now += 0.25
        assert limit(clock, grants, per_second=10).acquire(5) == pytest.approx(0.75, abs=0.01)
        assert busiest_window(grants, 1.0) == 8

    def test_more_than_the_quota_is_granted_in_pieces(self):
        clock, grants = FakeClock(), []
        limit(clock, grants, per_second=10).acquire(25)
        assert [n for _, n in grants] == [10, 10, 5]
        assert busiest_window(grants, 1.0) == 10

    def test_the_hourly_quota_holds_with_the_second_one(self):
        clock, grants = FakeClock(), []
        hourly = limit(clock, grants, per_second=10, per_hour=30)
        for _ in range(4):
            hourly.acquire(10)
        assert busiest_window(grants, 3600.0) == 30
        assert clock.now >= 1_000.0 + 3600

    def test_a_clock_that_goes_back_does_not_reopen_the_window(self):
        clock, grants = FakeClock(), []
        limit(clock, grants, per_second=10).acquire(10)
        clock.now -= 5  # another machine, or the clock was stepped back
        limit(clock, grants, per_second=10).acquire(1)
        assert grants[1][0] >= 1_001.0

    def test_grants_older_than_the_longest_window_are_dropped(self):
        clock, grants = FakeClock(), []
        second = limit(clock, grants, per_second=10)
        second.acquire(5)
        clock.now += 2
        second.acquire(5)
        assert list(SendGrant.objects.values_list("at", flat=True)) == [1_002.0]

    def test_a_transports_chunk_never_exceeds_a_seconds_quota(self, settings):
        settings.SEND_RATE_PER_SECOND = 14
        assert get_transport("news@topten.test", "anymail://postmark").chunk_size == 14
        assert get_transport("news@topten.test", "capture://").chunk_size == 14
        settings.SEND_RATE_PER_SECOND = 0
        assert get_transport("news@topten.test", "anymail://postmark").chunk_size == 500

    def test_no_limit_never_touches_the_database(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert RateLimit().acquire(10_000) == 0

    def test_worker_processes_never_exceed_the_quota_in_any_second(self, tmp_path):
        grants = run_workers(tmp_path, per_second=40)
        every = [g for worker_grants in grants for g in worker_grants]
        assert sum(n for _, n in every) == WORKERS * MESSAGES
        assert busiest_window(every, 1.0) <= 40
        assert sum(1 for worker_grants in grants if worker_grants) == WORKERS

    def test_worker_processes_never_exceed_the_quota_in_any_hour(self, tmp_path):
        # An injected clock 3600 times as fast: each worker's hour passes in a second.
        grants = run_workers(tmp_path, per_hour=40, scale=3600)
        every = [g for worker_grants in grants for g in worker_grants]
        assert sum(n for _, n in every) == WORKERS * MESSAGES
        assert busiest_window(every, 3600.0) <= 40
