"""A worker process for test_shared_rate_limit: acquires from the shared rate limit.

    python -m topten.mailer.tests.quota_worker create-tables
    python -m topten.mailer.tests.quota_worker PER_SECOND PER_HOUR MESSAGES SEED [CLOCK_SCALE]

The second form prints "ready", waits for a line on stdin (so every worker starts
together), acquires MESSAGES in chunks of 1-7, and prints its grants as JSON. With
CLOCK_SCALE, its clock runs that many times faster than the real one (3600: an hour
passes in a second) and its sleeps are as much shorter.
"""

import json
import os
import random
import sys
import time


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "topten.settings")
    import django

    django.setup()
    from django.db import connection

    from topten.mailer.models import SendGrant, SendQuota
    from topten.mailer.quota import RateLimit

    if argv[0] == "create-tables":
        with connection.schema_editor() as editor:
            editor.create_model(SendQuota)
            editor.create_model(SendGrant)
        return
    per_second, per_hour, messages, seed = float(argv[0]), float(argv[1]), int(argv[2]), argv[3]
    scale = float(argv[4]) if len(argv) > 4 else 0
    grants = []
    limit = RateLimit(
        per_second,
        per_hour,
        clock=(lambda: time.time() * scale) if scale else None,
        sleep=(lambda s: time.sleep(s / scale)) if scale else time.sleep,
        on_grant=lambda at, n: grants.append((at, n)),
    )
    rng = random.Random(seed)
    print("ready", flush=True)
    sys.stdin.readline()
    while messages > 0:
        n = min(messages, rng.randint(1, 7))
        limit.acquire(n)
        messages -= n
    print(json.dumps(grants), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
