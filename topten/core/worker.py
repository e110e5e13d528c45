"""The worker loop: runs every app's background tasks.

Each installed topten app may have a `tasks.py` with `WORKER_TASKS`, a list of
callables. A task does one bounded pass of work and returns how many units it
did; the loop sleeps only when a whole round did nothing.
"""

import gc
import logging
import signal
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger("topten.worker")


def freeze_startup_objects() -> None:
    """Load the URLconf (the first `reverse()` imports every app's urls, anymail's
    webhooks and boto3 with them: 0.25 s that would otherwise delay the first send
    a worker starts), then move what start-up allocated (Django, the apps, their
    modules) out of the garbage collector's sight: the cyclic collections of a sending
    worker then walk only the objects of its work, not every module and model again
    (about 3 % of a worker's CPU while sending, by perf)."""
    import_module(settings.ROOT_URLCONF)
    gc.collect()
    gc.freeze()


def discover_tasks() -> list:
    tasks = []
    for config in apps.get_app_configs():
        if not config.name.startswith("topten."):
            continue
        module_name = f"{config.name}.tasks"
        if find_spec(module_name) is None:
            continue
        tasks.extend(getattr(import_module(module_name), "WORKER_TASKS", []))
    return tasks


def run_round(tasks) -> int:
    done = 0
    for task in tasks:
        close_old_connections()
        try:
            done += task() or 0
        except Exception:
            log.exception("worker task %s failed", getattr(task, "__name__", task))
    close_old_connections()
    return done


class Worker:
    def __init__(self, tasks=None, poll_seconds=None):
        self.tasks = discover_tasks() if tasks is None else tasks
        self.poll_seconds = settings.WORKER_POLL_SECONDS if poll_seconds is None else poll_seconds
        self.stopping = False

    def stop(self, *_):
        log.info("worker stopping after the current unit of work")
        self.stopping = True

    def run_forever(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        freeze_startup_objects()
        while not self.stopping:
            if run_round(self.tasks) == 0:
                deadline = time.monotonic() + self.poll_seconds
                while not self.stopping and time.monotonic() < deadline:
                    time.sleep(0.2)
