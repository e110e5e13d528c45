"""`topten bench web`: the public site's speed under gunicorn, cached and uncached.

Builds a throwaway SQLite database with the demo publication, starts gunicorn on a free
loopback port, loads the home page and an article page with wrk (or a small Python load
generator when wrk is missing) at 1, 16 and 64 connections, and prints one JSON line per
run. It then measures how long an edit takes to show on a cached page. The targets of
issue 2 and the reference figures it quotes are printed in the same run.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from topten.lib.loopback import free_port

TARGETS = {
    "article_cached_64": {"req_per_s_min": 4000, "p99_ms_max": 50},
    "article_uncached_16": {"req_per_s_min": 440},
    "article_uncached_1": {"p50_ms_max": 5},
    "edit_visible_s_max": 1.0,
}
REFERENCE = {
    "note": "issue 2, article page at 64 connections on this 2-core machine",
    "ghost5_sqlite": {"req_per_s": 29, "p99_ms": 2400},
    "wordpress61_no_cache": {"req_per_s": 21, "p99_ms": 9400},
    "django_gunicorn_2_sync_no_cache": {"req_per_s": 437, "p99_ms": 221},
    "django_gunicorn_per_view_cache": {"req_per_s": 2329, "p99_ms": 40},
    "wordpress_file_page_cache_16_conns": {"req_per_s": "3200-3500"},
}
CHILD_FLAG = "TOPTEN_BENCH_WEB_CHILD"
WRK = shutil.which("wrk") or ("/usr/bin/wrk" if Path("/usr/bin/wrk").exists() else None)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="topten bench web", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10, help="length of each run")
    parser.add_argument("--connections", default="1,16,64", help="comma-separated")
    parser.add_argument("--pages", default="home,article", help="home and/or article")
    parser.add_argument("--modes", default="cached,uncached", help="cached and/or uncached")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2-4)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker; above 1 uses gthread"
    )
    parser.add_argument(
        "--page-cache",
        choices=["wsgi", "middleware"],
        default="wsgi",
        help="wsgi: topten.web.wsgi wraps Django; middleware: PageCacheMiddleware listed "
        "first behind topten.wsgi (topten.web.bench_settings)",
    )
    parser.add_argument("--edits", type=int, default=5, help="edit-visibility samples")
    parser.add_argument("--python-load", action="store_true", help="ignore wrk")
    return parser


def main(argv) -> int:
    args = _parser().parse_args(argv)
    if os.environ.get(CHILD_FLAG):
        return _run(args)
    # Re-run in a child whose settings point at a throwaway database from the start.
    tmp = Path(tempfile.mkdtemp(prefix="topten-bench-web-"))
    (tmp / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT
    env = {
        **os.environ,
        CHILD_FLAG: "1",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "TOPTEN_VAR_DIR": str(tmp),
        "STATIC_MANIFEST": "false",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    if not env.get("CACHE_URL", "").startswith("redis://"):
        env["CACHE_URL"] = "db://"  # shared by every gunicorn worker and this process
    try:
        cmd = [sys.executable, "-m", "topten", "bench", "web", *argv]
        return subprocess.call(cmd, env=env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(args) -> int:
    from django.core.management import call_command

    from topten.core.management.commands.demo import load_demo
    from topten.newsroom.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    article = Article.objects.published().order_by("-published_at").first()
    pages = {"home": "/", "article": article.get_absolute_url()}
    wanted = [p for p in args.pages.split(",") if p in pages]
    connections = [int(c) for c in args.connections.split(",") if c.strip()]
    tool = "python" if args.python_load or not WRK else "wrk"
    _emit(
        {
            "bench": "web",
            "tool": tool,
            "page_cache": args.page_cache,
            "workers": args.workers,
            "threads": args.threads,
            "cpus": os.cpu_count(),
            "loadavg_1m": round(os.getloadavg()[0], 2),
            "seconds": args.seconds,
            "targets": TARGETS,
            "reference": REFERENCE,
        }
    )
    for mode in args.modes.split(","):
        server = Server(
            args.page_cache, args.workers, cached=mode == "cached", threads=args.threads
        )
        with server:
            for page in wanted:
                url = server.url + pages[page]
                _get(url)  # warm the page cache and the worker
                for conns in connections:
                    figures = _load(tool, url, conns, args.seconds)
                    load = round(os.getloadavg()[0], 2)
                    _emit(
                        {"page": page, "cache": mode, "connections": conns, **figures}
                        | {"loadavg_1m": load}
                    )
            if mode == "cached" and args.edits:
                _emit(_edit_visibility(server.url, article, args.edits))
    return 0


def _emit(data: dict) -> None:
    print(json.dumps(data), flush=True)


class Server:
    """gunicorn on a free loopback port; only the process it started is stopped."""

    APPS = {"wsgi": "topten.web.wsgi:application", "middleware": "topten.wsgi:application"}

    def __init__(self, page_cache: str, workers: int, cached: bool, threads: int = 1):
        self.page_cache, self.workers, self.cached = page_cache, workers, cached
        self.threads = threads

    def __enter__(self):
        from topten.core.management.commands.serve import control_socket_args

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PAGE_CACHE": "true" if self.cached else "false"}
        if self.page_cache == "middleware":
            env["DJANGO_SETTINGS_MODULE"] = "topten.web.bench_settings"
        log = Path(os.environ["TOPTEN_VAR_DIR"]) / "gunicorn.log"
        app = self.APPS[self.page_cache]
        cmd = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]
        cmd += ["--workers", str(self.workers), "--access-logfile", "/dev/null"]
        cmd += ["--backlog", "2048", "--error-logfile", str(log)]
        cmd += control_socket_args(os.environ["TOPTEN_VAR_DIR"])  # not the user's default
        if self.threads > 1:
            cmd += ["--worker-class", "gthread", "--threads", str(self.threads)]
        self.proc = subprocess.Popen(cmd, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _get(self.url + "/robots.txt")
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited; see {log}") from None
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start within 60 s")

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


# --- load generation -----------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _load(tool: str, url: str, conns: int, seconds: float) -> dict:
    if tool == "wrk":
        return _wrk(url, conns, seconds)
    return _python_load(url, conns, seconds)


def _wrk(url: str, conns: int, seconds: float) -> dict:
    threads = min(conns, 2)
    cmd = [WRK, f"-t{threads}", f"-c{conns}", f"-d{max(1, round(seconds))}s", "--latency", url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> dict:
    """req/s, p50 and p99 (ms), and errors from wrk --latency output."""

    def latency(pct: str) -> float | None:
        match = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        return round(float(match[1]) * _UNITS[match[2]], 3) if match else None

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "req_per_s": round(float(rate[1]), 1) if rate else None,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(non2xx[1]) if non2xx else 0,
        "socket_errors": socket_errors[1].strip() if socket_errors else "",
    }


def _python_load(url: str, conns: int, seconds: float) -> dict:
    """A threaded keep-alive-less load generator: a floor, not a match for wrk."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds

    def worker():
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                conn.request("GET", parts.path)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
            mine.append((time.perf_counter() - started) * 1000)
        latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(conns)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 3)

    return {
        "req_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": pct(0.5) if latencies else None,
        "p99_ms": pct(0.99) if latencies else None,
        "non_2xx": errors[0],
        "socket_errors": "",
    }


# --- edit visibility -----------------------------------------------------------------


def _edit_visibility(base_url: str, article, samples: int) -> dict:
    """Seconds from an ORM edit's commit until the cached page shows the new headline."""
    from django.db import transaction

    url = base_url + article.get_absolute_url()
    original = article.headline
    delays = []
    for n in range(1, samples + 1):
        _get(url)  # make sure the old page is cached
        headline = f"{original} (edit {n} at {time.time_ns()})"
        with transaction.atomic():
            article.headline = headline
            article.save()
        committed = time.monotonic()
        delays.append(_seconds_until(url, headline, committed))
    with transaction.atomic():
        article.headline = original
        article.save()
    delays.sort()
    visible = [d for d in delays if d is not None]
    return {
        "edit_visible_s_median": visible[len(visible) // 2] if visible else None,
        "edit_visible_s_max": max(visible) if len(visible) == len(delays) else None,
        "new_article_visible_s": _new_article_delay(base_url),
        "samples": samples,
        "target_s": TARGETS["edit_visible_s_max"],
    }


def _new_article_delay(base_url: str) -> float | None:
    """Seconds from publishing a new article until the cached home page lists it."""
    from topten.newsroom.actions import publish_article
    from topten.newsroom.models import Article

    _get(base_url + "/")
    headline = f"Benchmark article {time.time_ns()}"
    article = Article.objects.create(headline=headline, body="<p>Bench.</p>", source_name="AFP")
    publish_article(article)
    return _seconds_until(base_url + "/", headline, time.monotonic())


def _seconds_until(url: str, text: str, since: float, timeout: float = 10) -> float | None:
    from django.utils.html import escape

    escaped = escape(text)
    while time.monotonic() - since < timeout:
        if escaped in _get(url):
            return round(time.monotonic() - since, 3)
        time.sleep(0.005)
    return None


BENCHMARKS = {"web": main}
