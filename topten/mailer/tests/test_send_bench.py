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
