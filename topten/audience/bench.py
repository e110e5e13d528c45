"""`topten bench import [--rows N] [--keep-db]`: import a generated CSV and measure it.

Generates a CSV of N rows (default 1,000,000) in a temporary directory, 5%
invalid and 10% duplicates, then imports it into a fresh temporary SQLite
database (or the configured database with --configured-db, which must have
no subscribers) and prints one JSON line with the figures and the targets.
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TARGET_SECONDS = 180
TARGET_RSS_MB = 300


def _cpu_seconds() -> float:
    """User + system CPU of this process: on a shared machine, wall time also
    counts the time other processes held the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def generate(path: Path, rows: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    invalid = duplicate = 0
    names = ["Ann", "Ben", "Cat", "Dora", "Eve", "Fay", "Gus", "José", "Zoë", ""]
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("email,first_name,timezone\r\n")
        for i in range(rows):
            roll = rng.random()
            if roll < 0.05:
                address = rng.choice(["no-at-sign.example.com", "a@", "@b.org", "x y@z.org"])
                invalid += 1
            elif roll < 0.15 and i:
                address = f"reader{rng.randrange(i)}@example.org"
                duplicate += 1
            else:
                address = f"reader{i}@example.org"
            out.write(f"{address},{rng.choice(names)},Europe/London\r\n")
    return {"invalid": invalid, "duplicate_rows": duplicate}


def _use_temp_sqlite(directory: Path):
    """Point the default connection at a fresh SQLite file and migrate it."""
    from django.core.management import call_command
    from django.db import connections

    connections["default"].close()
    connections.settings["default"].update(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(directory / "bench.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    )
    del connections["default"]  # the next use builds a wrapper for the new settings
    call_command("migrate", verbosity=0, interactive=False)


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="topten bench import")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--configured-db", action="store_true")
    parser.add_argument("--chunk", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="topten-bench-import-") as tmp:
        directory = Path(tmp)
        if not args.configured_db:
            _use_temp_sqlite(directory)
        from topten.audience.importer import ImportOptions, import_csv
        from topten.audience.models import Subscriber

        if args.configured_db and Subscriber.objects.exists():
            sys.stderr.write("--configured-db needs a database without subscribers\n")
            return 2
        csv_path = directory / "readers.csv"
        generated = generate(csv_path, args.rows)
        options = ImportOptions(
            basis="confirmed_elsewhere", confirmed_on=date(2024, 1, 1), chunk_size=args.chunk
        )
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        report = import_csv(csv_path, options)
        seconds = time.perf_counter() - started
        cpu_seconds = _cpu_seconds() - cpu_started
        second_started = time.perf_counter()
        again = import_csv(csv_path, options)
        reimport_seconds = time.perf_counter() - second_started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "seconds": round(seconds, 2),
                    "rows_per_s": round(args.rows / seconds) if seconds else None,
                    "peak_rss_mb": round(peak_mb, 1),
                    "cpu_seconds": round(cpu_seconds, 2),
                    "load_average_1m": round(os.getloadavg()[0], 2),
                    "target_seconds": TARGET_SECONDS,
                    "target_rss_mb": TARGET_RSS_MB,
                    "imported": report.imported,
                    "invalid": report.invalid,
                    "duplicates": report.duplicate,
                    "generated": generated,
                    "reimport_added": again.imported,
                    "reimport_seconds": round(reimport_seconds, 2),
                    "database": "configured" if args.configured_db else "temporary sqlite",
                }
            )
        )
    return 0


BENCHMARKS = {"import": main}


def links_main(argv) -> int:
    """`topten bench links [--calls N]`: cost of the signed links the send pipeline
    builds for every message (target: under 20 µs per call)."""
    import timeit

    from topten.audience.links import preferences_url, unsubscribe_url

    parser = argparse.ArgumentParser(prog="topten bench links")
    parser.add_argument("--calls", type=int, default=200_000)
    args = parser.parse_args(argv)
    result = {"calls": args.calls, "target_us": 20, "load_average_1m": round(os.getloadavg()[0], 2)}
    for fn in (unsubscribe_url, preferences_url):
        seconds = timeit.timeit(
            "for i in ids: fn(i)",
            globals={"ids": range(1, args.calls + 1), "fn": fn},
            number=1,
        )
        result[f"{fn.__name__}_us"] = round(seconds / args.calls * 1e6, 2)
    print(json.dumps(result))
    return 0


BENCHMARKS["links"] = links_main
