"""`topten bench send`: send one edition through the real pipeline to a local sink.

    topten bench send --recipients 100000 [--workers 2] [--pool 16] [--database postgres://...]
                      [--dkim [ed25519|rsa]] [--prepare-only] [--profile DIR]
                      [--kill-every SECONDS [--soak-minutes M]]

Everything runs in a throwaway database (a temp SQLite file by default; a
PostgreSQL URL is created and dropped) and a temp directory. The sink is
Postfix's smtp-sink when installed (else aiosmtpd); its ceiling is measured in
the same run with Postfix's smtp-source sending messages of the same size. The
send runs in worker subprocesses (the same code as `topten worker`), and the
sink's dump is the ledger: lost and duplicate messages are counted from it.
Prints one JSON line.
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

from topten.lib.loopback import free_port

SMTP_SINK = "/usr/sbin/smtp-sink"
SMTP_SOURCE = "/usr/sbin/smtp-source"
SHM = "/dev/shm"
TIMEZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Pacific/Auckland",
    "Asia/Kathmandu",
    "America/St_Johns",
]


def _parser():
    p = argparse.ArgumentParser(prog="topten bench send")
    p.add_argument("--recipients", type=int, default=20_000)
    p.add_argument("--workers", type=int, default=2)
    # 16, not SEND_SMTP_POOL's 8: the local sink takes any number of connections, and
    # with 32 in all it waits less for ours (mailer README, Benchmark).
    p.add_argument("--pool", type=int, default=16, help="SMTP connections per worker")
    p.add_argument("--database", default="", help="postgres://.../NAME (created and dropped)")
    p.add_argument("--dkim", nargs="?", const="ed25519", choices=["ed25519", "rsa"])
    p.add_argument(
        "--kill-every",
        type=float,
        default=0.0,
        help="F-17 soak: SIGKILL a random worker every SECONDS (±50 %%)",
    )
    p.add_argument(
        "--soak-minutes",
        type=float,
        default=30.0,
        help="with --kill-every: repeat the send until its runs add up to M minutes",
    )
    p.add_argument("--prepare-only", action="store_true", help="time freezing the audience")
    p.add_argument("--ceiling-count", type=int, default=0)
    p.add_argument("--keep", action="store_true", help="keep the temp directory")
    p.add_argument("--profile", default="", help="write a cProfile of each worker into DIR")
    p.add_argument("--phase", default="", help=argparse.SUPPRESS)
    return p


def main(argv) -> int:
    args = _parser().parse_args(argv)
    if args.phase:
        return PHASES[args.phase](args)
    if args.recipients < 1:
        print("--recipients must be at least 1", file=sys.stderr)
        return 2
    if args.kill_every < 0 or args.soak_minutes <= 0:
        print("--kill-every must not be negative, --soak-minutes must be positive", file=sys.stderr)
        return 2
    return Bench(args).run()


# -- phases run in subprocesses against the throwaway database ----------------------


def _phase_seed(args) -> int:
    from topten.mailer.benchdata import seed

    print(json.dumps(seed(args.recipients, TIMEZONES, sample_path=os.environ["BENCH_SAMPLE"])))
    return 0


def _phase_prepare(args) -> int:
    from topten.mailer.benchdata import time_prepare

    print(json.dumps(time_prepare()))
    return 0


def _phase_worker(args) -> int:
    if not args.profile:
        return _work()
    import cProfile

    profile = cProfile.Profile()
    try:
        return profile.runcall(_work)
    finally:
        profile.dump_stats(os.path.join(args.profile, f"worker-{os.getpid()}.prof"))


def _work() -> int:
    from django.db import close_old_connections

    from topten.core.worker import freeze_startup_objects
    from topten.mailer import pipeline
    from topten.mailer.models import Send

    freeze_startup_objects()  # as `topten worker` does
    sender = pipeline.Sender()
    ready = False
    try:
        while True:
            work = pipeline.prepare_due_waves()
            work += sender.send_due_batches(max_batches=50, deadline_s=5)
            work += pipeline.finish_sends()
            if not ready:  # warm, as `topten worker` is when an edition starts sending
                print("ready", flush=True)
                ready = True
            if work:
                continue
            sends = Send.objects.all()
            if sends.exists() and not sends.filter(status__in=["scheduled", "sending"]).exists():
                return 0
            close_old_connections()
            time.sleep(0.05)
    finally:
        sender.close()


def _phase_start(args) -> int:
    """`topten send DATE --now --no-wait`, run when told (a line on stdin), so the clock
    does not count this process's start-up."""
    from django.core.management import call_command

    print("ready", flush=True)
    date = sys.stdin.readline().strip()
    call_command("send", date, "--now", "--no-wait")
    return 0


def _phase_report(args) -> int:
    from topten.mailer.benchdata import report

    print(json.dumps(report()))
    return 0


PHASES = {
    "seed": _phase_seed,
    "prepare": _phase_prepare,
    "worker": _phase_worker,
    "start": _phase_start,
    "report": _phase_report,
}


def _remove_sqlite(path: str):
    """A SQLite database and its WAL files."""
    for leftover in (path, path + "-wal", path + "-shm"):
        Path(leftover).unlink(missing_ok=True)


def _sqlite_copy(source: str, target: str):
    """Copy a SQLite database through its backup API (WAL included), replacing target."""
    import sqlite3

    _remove_sqlite(target)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# -- the verdicts ------------------------------------------------------------------


def ledger(expected, delivered, uncertain) -> dict:
    """Lost: expected and never accepted by the sink. Duplicates: extra copies; the
    ones not explained by a delivery reported uncertain break the guarantees."""
    uncertain = set(uncertain)
    return {
        "lost": sum(1 for rcpt in expected if delivered.get(rcpt, 0) == 0),
        "duplicates": sum(max(0, n - 1) for n in delivered.values()),
        "duplicates_not_uncertain": sum(
            1 for rcpt, n in delivered.items() if n > 1 and rcpt not in uncertain
        ),
    }


def soak_verdict(no_fault: dict, rounds: list[dict], slowest: float = 1.5) -> dict:
    """F-17 passes when every round's ledger is clean and the slowest round took at
    most `slowest` x the no-fault run."""
    ratio = max(r["seconds"] for r in rounds) / no_fault["seconds"]
    clean = all(r["lost"] == 0 and r["duplicates_not_uncertain"] == 0 for r in rounds)
    return {
        "rounds": len(rounds),
        "kills": sum(r["kills"] for r in rounds),
        "lost": sum(r["lost"] for r in rounds),
        "duplicates": sum(r["duplicates"] for r in rounds),
        "duplicates_not_uncertain": sum(r["duplicates_not_uncertain"] for r in rounds),
        "uncertain": sum(r["uncertain"] for r in rounds),
        "runtime_ratio": round(ratio, 3),
        "ledger_pass": clean,
        "pass": clean and ratio <= slowest,
    }


class KillClock:
    """When the soak SIGKILLs a worker: gaps drawn uniformly from `every` x [0.5, 1.5]
    (--kill-every 40: every 20-60 s), counted in sending time only, so one schedule runs
    on across the rounds and the set-up between them does not reset it."""

    def __init__(self, every: float, rng=random):
        self.every = every
        self.rng = rng
        self.left = self._gap()

    def _gap(self) -> float:
        return self.rng.uniform(self.every * 0.5, self.every * 1.5)

    def tick(self, elapsed: float) -> bool:
        """Count `elapsed` seconds of sending; True when a kill is due."""
        self.left -= elapsed
        if self.left > 0:
            return False
        self.left = self._gap()
        return True


_BRIEF = (
    "seconds",
    "msgs_per_s",
    "kills",
    "lost",
    "duplicates",
    "duplicates_not_uncertain",
    "uncertain",
)


def _brief(run: dict) -> dict:
    """One run's line in the soak's output."""
    return {key: run[key] for key in _BRIEF}


# -- where the CPU went -------------------------------------------------------------
# Read from /proc (Linux): user + system seconds, all threads. None where unreadable.

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid) -> list[str]:
    # The fields after "(comm)": index 11, 12 are utime, stime; 13, 14 cutime, cstime.
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def proc_cpu(pid: int) -> float | None:
    try:
        fields = _stat(pid)
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def postgres_cpu() -> float | None:
    """Every local `postgres` process, with the backends that already ended (their time
    is in the postmaster's children's time). Scanned again when a process ended during
    the scan: reaped after the postmaster was read and before its own entry, its time
    would be in neither."""
    for _ in range(10):
        before = _postgres_pids()
        if not before:
            return None
        total = 0.0
        for pid in before:
            try:
                total += sum(int(v) for v in _stat(pid)[11:15]) / TICKS
            except OSError:
                break
        else:
            if _postgres_pids() == before:
                return total
    return total


def _postgres_pids() -> list[str]:
    pids = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return pids
    for name in entries:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/comm") as f:
                    if f.read().strip() == "postgres":
                        pids.append(name)
            except OSError:
                continue
    return pids


def machine_cpu() -> float | None:
    """Busy seconds of all CPUs together (interrupts included), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / TICKS


class CpuClock:
    """CPU used during a run, per message: our processes (the workers and `send --now`),
    the database server, the sink, and the whole machine."""

    def __init__(self, ours: list, sink, postgres: bool):
        self.sink, self.postgres = sink, postgres
        self.children = self._children()
        self.ours = sum(proc_cpu(p.pid) or 0.0 for p in ours)  # their start-up, not counted
        self.start = self._others()

    @staticmethod
    def _children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def _others(self):
        return (
            proc_cpu(self.sink.pid),
            postgres_cpu() if self.postgres else None,
            machine_cpu(),
        )

    def stop(self) -> None:
        """Call once the workers and `send --now` were waited for, the sink still running."""
        self.spent = self._children() - self.children - self.ours
        self.end = self._others()

    def ms_per_message(self, messages: int) -> dict:
        per = 1000 / max(messages, 1)
        out = {"ours": round(self.spent * per, 3)}
        names = ("sink", "database", "machine")
        for key, before, after in zip(names, self.start, self.end, strict=True):
            if before is not None and after is not None:
                out[key] = round((after - before) * per, 3)
        out["cores"] = os.cpu_count()
        return out


# -- the orchestrator --------------------------------------------------------------


def _wait_port(port: int, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the sink did not listen on port {port}")


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="topten-bench-send-"))
        self.tmp.chmod(0o777)
        self.children: list[subprocess.Popen] = []
        self.sinks: list[subprocess.Popen] = []
        self.shm: Path | None = None
        self.sample = self.tmp / "sample.eml"  # one reader's message, written by the seed

    def dumps(self, message_bytes: int) -> Path:
        """Where the sinks write their dumps: in memory (/dev/shm) when it has room
        for twice the run's, else beside the database. On disk the run's dump (2.3 GB
        at 100,000) crosses the kernel's writeback threshold and the ceiling's (30,000
        messages) does not: the run would pay for disk writes the ceiling never sees."""
        if self.shm is not None:
            return self.shm
        need = 2 * message_bytes * (self.args.recipients + 30_000) * 1.1
        try:
            stat = os.statvfs(SHM)
            if stat.f_bavail * stat.f_frsize > need:
                self.shm = Path(tempfile.mkdtemp(prefix="topten-bench-dump-", dir=SHM))
                self.shm.chmod(0o777)
                return self.shm
        except OSError:
            pass
        return self.tmp

    # Environment of every subprocess: the throwaway database and var dir.
    def env(self, **extra) -> dict:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.db_url,
            TOPTEN_VAR_DIR=str(self.tmp / "var"),
            CACHE_URL="locmem://",
            STATIC_MANIFEST="false",
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="topten.settings",
            SEND_BATCH_SIZE=os.environ.get("SEND_BATCH_SIZE", "1000"),
            SEND_LEASE_SECONDS=os.environ.get("SEND_LEASE_SECONDS", "10"),
            BENCH_SAMPLE=str(self.sample),
        )
        env.pop("TOPTEN_FAULT", None)
        env.update(extra)
        return env

    def topten(self, *argv, **extra) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "topten", *argv],
            env=self.env(**extra),
            capture_output=True,
            text=True,
            check=False,
        )

    def phase(self, name, **extra) -> dict:
        done = self.topten(
            "bench", "send", "--phase", name, "--recipients", str(self.args.recipients), **extra
        )
        if done.returncode != 0:
            raise RuntimeError(f"phase {name} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def run(self) -> int:
        try:
            if self.args.prepare_only:
                self.seed()
                result = {"recipients": self.args.recipients, **self.phase("prepare")}
                result["database"] = "postgresql" if self.args.database else "sqlite"
            elif self.args.kill_every:
                result = self.soak()
            else:
                result = self.send(self.seed())
            print(json.dumps(result))
            return 0
        except RuntimeError as exc:
            print(f"bench send: {exc}", file=sys.stderr)
            return 1
        finally:
            self.cleanup()

    def seed(self) -> dict:
        """A fresh database with the subscribers and a scheduled edition."""
        self.setup_database()
        done = self.topten("migrate", "--noinput", "-v0")
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        return self.phase("seed")

    def soak(self) -> dict:
        """F-17: the send without faults, then the same send again and again, each on a
        fresh copy of the seeded database, with a worker SIGKILLed every --kill-every
        seconds (±50 %), until those runs add up to --soak-minutes. Passes when nothing
        is lost, every duplicate is of a delivery reported uncertain, and no round takes
        more than 1.5 times as long as the run without faults. Progress goes to stderr,
        one line a round. The seed runs once: restoring its copy takes seconds where
        seeding 100,000 readers took about 30."""
        seeded = self.seed()
        self.snapshot()
        clean = self.send(seeded, measure_ceiling=False)
        print(f"no fault: {json.dumps(_brief(clean))}", file=sys.stderr, flush=True)
        rounds: list[dict] = []
        budget = self.args.soak_minutes * 60
        clock = KillClock(self.args.kill_every)  # runs on from one round to the next
        while not rounds or sum(r["seconds"] for r in rounds) < budget:
            self.restore()
            result = self.send(seeded, clock, measure_ceiling=False)
            rounds.append(_brief(result))
            print(f"round {len(rounds)}: {json.dumps(rounds[-1])}", file=sys.stderr, flush=True)
        return {
            "recipients": self.args.recipients,
            "workers": self.args.workers,
            "database": clean["database"],
            "kill_every": self.args.kill_every,
            "no_fault": _brief(clean),
            "soak": rounds,
            "sending_seconds": round(sum(r["seconds"] for r in rounds), 1),
            **soak_verdict(clean, rounds),
        }

    def setup_database(self):
        url = self.args.database
        if not url:
            path = self.tmp / "bench.sqlite3"
            _remove_sqlite(str(path))
            self.db_url = f"sqlite:///{path}"
            return
        if not url.startswith(("postgres://", "postgresql://")):
            raise RuntimeError("--database must be a postgres:// URL (SQLite is the default)")
        import psycopg

        self.db_url = url
        base, _, self.db_name = url.rpartition("/")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.db_name) or "bench" not in self.db_name:
            raise RuntimeError("the benchmark database name must contain 'bench' (it is dropped)")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {self.db_name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {self.db_name}")

    def snapshot(self):
        """Keep a copy of the freshly seeded database for restore()."""
        if self.args.database:
            self._pg_copy(self.db_name, self.db_name + "_seed")
        else:
            path = self.db_url.removeprefix("sqlite:///")
            _sqlite_copy(path, path + ".seed")

    def restore(self):
        """Put the database back as snapshot() found it."""
        if self.args.database:
            self._pg_copy(self.db_name + "_seed", self.db_name)
        else:
            path = self.db_url.removeprefix("sqlite:///")
            _sqlite_copy(path + ".seed", path)

    def _pg_copy(self, source: str, target: str):
        """CREATE DATABASE … TEMPLATE: PostgreSQL copies the files (FILE_COPY, from 15
        on; the default WAL_LOG writes every page through the WAL)."""
        import psycopg

        base = self.args.database.rpartition("/")[0]
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            strategy = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
            conn.execute(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {target} TEMPLATE {source}{strategy}")

    def start_sink(self, dump: Path) -> int:
        port = free_port()
        if os.path.exists(SMTP_SINK):
            argv = [SMTP_SINK, "-D", str(dump), f"127.0.0.1:{port}", "1024"]
            if os.geteuid() == 0:
                argv[1:1] = ["-u", "nobody"]
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            code = (
                "import sys,time;from topten.mailer.sink import Sink;"
                "s=Sink(keep_data=False);s.start();print(s.port,flush=True)\n"
                "import signal;signal.pause()"
            )
            proc = subprocess.Popen(
                [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=self.env()
            )
            port = int(proc.stdout.readline())
        self.sinks.append(proc)
        _wait_port(port)
        return port

    def stop_sink(self, proc):
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()

    def ceiling(self, size: int) -> float:
        """smtp-source, 16 connections kept open (-d, as our pool keeps its own), sending
        the very message the seed built for one reader (-F), against a fresh identical
        sink. Without -d smtp-source reconnects for every message, which measured 30 %
        below the sink's real ceiling here."""
        if not os.path.exists(SMTP_SOURCE):
            return 0.0
        count = self.args.ceiling_count or min(self.args.recipients, 30_000)
        dump = self.dumps(size) / "ceiling.dump"
        sink = self.start_sink(dump)
        started = time.monotonic()
        subprocess.run(
            [
                SMTP_SOURCE,
                "-d",
                "-s",
                "16",
                "-m",
                str(count),
                *(["-F", str(self.sample)] if self.sample.exists() else ["-l", str(size)]),
                "-f",
                "bench@topten.test",
                "-t",
                "sink@topten.test",
                f"127.0.0.1:{sink}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.monotonic() - started
        self.stop_sink(self.sinks.pop())
        dump.unlink(missing_ok=True)
        return count / seconds

    def send(self, seeded: dict, clock: "KillClock | None" = None, measure_ceiling=True) -> dict:
        measure = measure_ceiling
        ceiling = self.ceiling(seeded["message_bytes"]) if measure else 0.0
        dump = self.dumps(seeded["message_bytes"]) / "run.dump"
        dump.unlink(missing_ok=True)
        port = self.start_sink(dump)
        # A chunk to the local sink takes well under a second: a 5 s timeout and a 10 s
        # lease (renewed per chunk) let a killed worker's batches go on after 10 s.
        url = f"smtp://127.0.0.1:{port}?pool={self.args.pool}&timeout=5"
        extra = {"SEND_EMAIL_URL": url}
        if self.args.dkim:
            extra.update(self.dkim_key())
        # Workers start first and wait, as `topten worker` runs before an edition's time:
        # the clock starts with the send, not with Python start-up (about 1.5 s here).
        workers = [self.spawn_worker(extra) for _ in range(self.args.workers)]
        starter = self.spawn("start", extra)
        for proc in [*workers, starter]:
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("a worker did not start")
        cpu = CpuClock([*workers, starter], self.sinks[-1], bool(self.args.database))
        t0 = time.monotonic()
        starter.communicate(seeded["date"] + "\n")
        if starter.returncode != 0:
            raise RuntimeError("topten send --now failed")
        kills = self.supervise(workers, extra, clock)
        seconds = time.monotonic() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        cpu.stop()
        time.sleep(0.3)  # let the sink flush its dump
        self.stop_sink(self.sinks.pop())
        delivered = self.ledger(dump)
        # Gone before the second ceiling: the kernel would otherwise write the run's
        # dump (2.3 GB at 100,000) back to disk while smtp-source measures.
        dump.unlink(missing_ok=True)
        # The machine is shared: measure the ceiling before and after, and use the mean.
        ceiling_after = self.ceiling(seeded["message_bytes"]) if measure else 0.0
        ceilings = [ceiling, ceiling_after]
        ceiling = sum(ceilings) / 2
        report = self.phase("report", **extra)
        counts = ledger(report.pop("expected"), delivered, report.pop("uncertain_emails"))
        sent = report["sent"]
        return {
            "recipients": self.args.recipients,
            "seconds": round(seconds, 2),
            "msgs_per_s": round(sent / seconds, 1),
            "ceiling_msgs_per_s": round(ceiling, 1),
            "ratio": round(sent / seconds / ceiling, 3) if ceiling else None,
            **counts,
            "uncertain": report["uncertain"],
            "peak_rss_mb": round(peak, 1),
            "workers": self.args.workers,
            "pool": self.args.pool,
            "dkim": self.args.dkim or "",
            "database": "postgresql" if self.args.database else "sqlite",
            "message_bytes": seeded["message_bytes"],
            "sink": "smtp-sink" if os.path.exists(SMTP_SINK) else "aiosmtpd",
            "kills": kills,
            "ceilings_before_after": [round(c, 1) for c in ceilings],
            "accepted_by_sink": sum(delivered.values()),
            "dumps": "memory" if dump.parent == self.shm else "disk",
            "cpu_ms_per_msg": cpu.ms_per_message(sum(delivered.values())),
            "timeline_s": report["timeline"],
        }

    def spawn_worker(self, extra) -> subprocess.Popen:
        profile = ["--profile", self.args.profile] if self.args.profile else []
        return self.spawn("worker", extra, *profile)

    def spawn(self, phase: str, extra, *argv) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "topten", "bench", "send", "--phase", phase, *argv],
            env=self.env(**extra),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.children.append(proc)
        return proc

    def supervise(self, workers, extra, clock: "KillClock | None") -> int:
        """Wait for the workers; with a `clock`, SIGKILL one whenever it says and start
        another in its place."""
        kills = 0
        last = time.monotonic()
        while any(w.poll() is None for w in workers):
            time.sleep(0.1)
            now = time.monotonic()
            due = clock is not None and clock.tick(now - last)
            last = now
            if due:
                alive = [w for w in workers if w.poll() is None]
                if alive:
                    victim = random.choice(alive)
                    victim.send_signal(signal.SIGKILL)
                    victim.wait()
                    workers.remove(victim)
                    workers.append(self.spawn_worker(extra))
                    kills += 1
        failed = [w.returncode for w in workers if w.returncode not in (0, -signal.SIGKILL)]
        if failed:
            raise RuntimeError(f"a worker failed with exit code {failed[0]}")
        return kills

    def ledger(self, dump: Path) -> Counter:
        from topten.mailer.sink import count_dump_recipients

        return count_dump_recipients(dump)

    def dkim_key(self) -> dict:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

        if self.args.dkim == "rsa":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            key = ed25519.Ed25519PrivateKey.generate()
        path = self.tmp / "dkim.pem"
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return {
            "DKIM_DOMAIN": "topten.test",
            "DKIM_SELECTOR": "bench",
            "DKIM_PRIVATE_KEY_PATH": str(path),
        }

    def cleanup(self):
        for proc in self.children + self.sinks:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if self.args.database and getattr(self, "db_name", ""):
            import psycopg

            base = self.args.database.rpartition("/")[0]
            try:
                with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                    for name in (self.db_name, self.db_name + "_seed"):
                        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            except psycopg.Error:
                pass
        if self.shm is not None:
            shutil.rmtree(self.shm, ignore_errors=True)
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


BENCHMARKS = {"send": main}
