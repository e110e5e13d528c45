"""The send benchmark's verdicts (bench.py): the ledger and the F-17 soak."""

from collections import Counter

from topten.mailer.bench import KillClock, ledger, soak_verdict

EXPECTED = ["a@x.test", "b@x.test", "c@x.test"]


def run(seconds, lost=0, unexplained=0, uncertain=0, kills=1):
    return {
        "seconds": seconds,
        "kills": kills,
        "lost": lost,
        "duplicates": unexplained + uncertain,
        "duplicates_not_uncertain": unexplained,
        "uncertain": uncertain,
    }


class TestSendBench:
    def test_a_recipient_the_sink_never_saw_is_lost(self):
        counts = ledger(EXPECTED, Counter({"a@x.test": 1, "b@x.test": 1}), [])
        assert counts == {"lost": 1, "duplicates": 0, "duplicates_not_uncertain": 0}

    def test_a_duplicate_is_explained_only_by_an_uncertain_delivery(self):
        delivered = Counter({"a@x.test": 2, "b@x.test": 3, "c@x.test": 1})
        counts = ledger(EXPECTED, delivered, ["a@x.test"])
        assert counts == {"lost": 0, "duplicates": 3, "duplicates_not_uncertain": 1}

    def test_a_soak_within_one_and_a_half_times_with_a_clean_ledger_passes(self):
        rounds = [run(59.0, uncertain=3, kills=2), run(45.0, kills=1)]
        assert soak_verdict(run(40.0, kills=0), rounds) == {
            "rounds": 2,
            "kills": 3,
            "lost": 0,
            "duplicates": 3,
            "duplicates_not_uncertain": 0,
            "uncertain": 3,
            "runtime_ratio": 1.475,
            "ledger_pass": True,
            "pass": True,
        }

    def test_one_slow_round_fails_the_soak(self):
        verdict = soak_verdict(run(40.0), [run(41.0), run(61.0), run(42.0)])
        assert verdict["runtime_ratio"] == 1.525 and not verdict["pass"]

    def test_an_unexplained_duplicate_in_any_round_fails_the_soak(self):
        verdict = soak_verdict(run(40.0), [run(41.0), run(41.0, unexplained=1)])
        assert verdict["ledger_pass"] is False and verdict["pass"] is False

    def test_a_lost_message_fails_the_soak(self):
        verdict = soak_verdict(run(40.0), [run(41.0, lost=1)])
        assert verdict["lost"] == 1 and verdict["pass"] is False


class Draws:
    """A stand-in for `random`: uniform(a, b) gives a, b, a, b, ..."""

    def __init__(self):
        self.n = 0

    def uniform(self, low, high):
        self.n += 1
        return low if self.n % 2 else high


class TestKillClock:
    def test_gaps_are_drawn_from_half_to_one_and_a_half_times_the_period(self):
        clock = KillClock(40, rng=Draws())
        assert clock.left == 20
        assert [clock.tick(5) for _ in range(4)] == [False, False, False, True]
        assert clock.left == 60

    def test_the_schedule_runs_on_across_rounds(self):
        clock = KillClock(40, rng=Draws())
        assert not clock.tick(15)  # the first round ends 5 s before its kill
        assert clock.tick(5)  # the next round kills 5 s after it starts, not 20-60 s


def test_a_small_benchmark_runs_end_to_end_with_a_clean_ledger(tmp_path):
    """`topten bench send` itself: seed, ceiling (smtp-source -F with the seeded
    message, when Postfix is installed), the send through a worker, the ledger."""
    import json
    import os
    import subprocess
    import sys

    from topten.mailer.bench import SMTP_SOURCE

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "topten", "bench", "send", "--recipients", "300"]
        + ["--workers", "1", "--pool", "2", "--ceiling-count", "300"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["recipients"] == 300
    assert result["accepted_by_sink"] == 300
    assert (result["lost"], result["duplicates"], result["uncertain"]) == (0, 0, 0)
    assert result["msgs_per_s"] > 0
    if os.path.exists(SMTP_SOURCE):
        assert result["ceiling_msgs_per_s"] > 0
    cpu = result["cpu_ms_per_msg"]
    assert cpu["ours"] > 0 and cpu["sink"] > 0 and cpu["machine"] > 0
    assert "database" not in cpu  # SQLite: no server of its own
    assert cpu["cores"] == os.cpu_count()


class TestCpuClock:
    """Where a run's CPU went, read from /proc."""

    def test_a_process_time_counts_what_it_burned(self):
        import os
        import time

        from topten.mailer.bench import machine_cpu, proc_cpu

        mine, machine = proc_cpu(os.getpid()), machine_cpu()
        until = time.process_time() + 0.3
        while time.process_time() < until:
            pass
        assert proc_cpu(os.getpid()) - mine >= 0.2
        assert machine_cpu() - machine >= 0.2

    def test_a_process_that_is_gone_reads_as_unknown(self):
        from topten.mailer.bench import proc_cpu

        assert proc_cpu(2**22 + 7) is None  # above Linux's largest pid

    def test_postgres_time_includes_backends_that_ended(self):
        import psycopg
        import pytest

        from topten.mailer.bench import postgres_cpu

        if postgres_cpu() is None:
            pytest.skip("no local PostgreSQL server visible in /proc")
        import os
        import time

        before = postgres_cpu()
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as conn:
            backend = conn.info.backend_pid
            conn.execute("SELECT count(*) FROM generate_series(1, 3000000)").fetchone()
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{backend}") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not os.path.exists(f"/proc/{backend}")
        # The backend has ended: its time now sits in the postmaster's children's time.
        assert postgres_cpu() - before >= 0.1

    def test_a_soak_round_starts_from_the_seeded_sqlite_database(self, tmp_path):
        import sqlite3
        from contextlib import closing

        from topten.mailer.bench import _sqlite_copy

        path = str(tmp_path / "bench.sqlite3")
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE delivery (id INTEGER PRIMARY KEY, status TEXT)")
            db.executemany("INSERT INTO delivery (status) VALUES (?)", [("queued",)] * 3)
            db.commit()
            _sqlite_copy(path, path + ".seed")  # taken while the seed's WAL is still open
            db.execute("UPDATE delivery SET status = 'sent'")
            db.execute("INSERT INTO delivery (status) VALUES ('sent')")
            db.commit()
        _sqlite_copy(path + ".seed", path)
        with closing(sqlite3.connect(path)) as db:
            rows = db.execute("SELECT status, count(*) FROM delivery GROUP BY status").fetchall()
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        assert rows == [("queued", 3)]
        assert mode == "wal"
