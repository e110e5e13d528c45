"""The send rate limit, shared by every worker process on every machine through the database.

`RateLimit(per_second, per_hour).acquire(n)` blocks until `n` messages may go and
returns the seconds it waited. Each call is one short transaction, made once per
chunk (not per message):

    UPDATE quota row (the lock: a row lock on PostgreSQL, the write lock on SQLite)
    read the latest grant's time and the database's clock
    sum the grants of the last second and the last hour
    within quota: INSERT the grant, drop grants older than the longest window, COMMIT
    over quota:   COMMIT, sleep until enough old grants leave the window, try again

Grants are ordered by the lock and stamped with times that never go back
(`max(clock, latest grant)`), so no window of a second or an hour ever holds more
than its quota (ratelimit.py says why). Times come from the database's clock, so
the machines' clocks need not agree; tests inject their own clock.

Call it outside a transaction: the lock is held until the caller's transaction ends.
"""

import time

from django.db import connection, transaction
from django.db.models import F, Q, Sum

from topten.mailer import ratelimit
from topten.mailer.models import SendGrant, SendQuota

# The database's clock, in seconds since the epoch.
_NOW_SQL = {
    "postgresql": "EXTRACT(EPOCH FROM clock_timestamp())",
    "sqlite": "(julianday('now') - 2440587.5) * 86400.0",
}
# A wait is rounded up by this much, so a woken worker finds the old grant gone.
_MARGIN_S = 0.001


class RateLimit:
    def __init__(
        self,
        per_second: float = 0.0,
        per_hour: float = 0.0,
        *,
        name: str = "send",
        clock=None,
        sleep=None,
        on_grant=None,
    ):
        self.limits = ratelimit.windows(per_second, per_hour)
        self.largest = ratelimit.largest_grant(self.limits)
        self.longest = max((w.seconds for w in self.limits), default=0.0)
        self.name = name
        self.clock = clock  # None: the database's clock
        self.sleep = sleep or time.sleep
        self.on_grant = on_grant  # called with (time, count) after each grant
        self._quota_id = None

    def acquire(self, n: int) -> float:
        """Block until `n` messages may go; returns the seconds waited.

        More than the smallest quota is granted in pieces, so it waits for each.
        """
        if not self.limits or n <= 0:
            return 0.0
        waited = 0.0
        while n > 0:
            piece = min(n, self.largest)
            while (delay := self.reserve(piece)) > 0:
                self.sleep(delay)
                waited += delay
            n -= piece
        return waited

    def reserve(self, n: int) -> float:
        """Record a grant of `n` and return 0, or return how long to wait before asking again."""
        quota_id = self._quota()
        with transaction.atomic():
            SendQuota.objects.filter(pk=quota_id).update(reservations=F("reservations") + 1)
            last_at, db_now = self._stamp(quota_id)
            now = max(self.clock() if self.clock else db_now, last_at)
            grants = SendGrant.objects.filter(quota_id=quota_id)
            full = self._full(grants, now, n)
            if not full:
                SendGrant.objects.create(quota_id=quota_id, at=now, count=n)
                SendQuota.objects.filter(pk=quota_id).update(last_at=now)
                grants.filter(at__lte=now - self.longest).delete()
                if self.on_grant is not None:
                    self.on_grant(now, n)
                return 0.0
            # Only the full windows' grants: a second's, not an hour's, in the usual wait.
            longest = max(w.seconds for w in full)
            recent = grants.filter(at__gt=now - longest).order_by("at")
            recent = list(recent.values_list("at", "count"))
        return ratelimit.wait_seconds(recent, now, n, full) + _MARGIN_S

    def _full(self, grants, now: float, n: int) -> list[ratelimit.Window]:
        """The windows `n` more would overfill, from one aggregate query for them all."""
        sums = {
            f"w{i}": Sum("count", filter=Q(at__gt=now - w.seconds), default=0)
            for i, w in enumerate(self.limits)
        }
        used = grants.filter(at__gt=now - self.longest).aggregate(**sums)
        return [w for i, w in enumerate(self.limits) if used[f"w{i}"] + n > w.quota]

    def _stamp(self, quota_id: int) -> tuple[float, float]:
        clock = _NOW_SQL.get(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT last_at, {clock or '0'} FROM {SendQuota._meta.db_table} WHERE id = %s",
                [quota_id],
            )
            last_at, db_now = cursor.fetchone()
        return float(last_at), (float(db_now) if clock else time.time())

    def _quota(self) -> int:
        if self._quota_id is None:
            SendQuota.objects.bulk_create([SendQuota(name=self.name)], ignore_conflicts=True)
            self._quota_id = SendQuota.objects.get(name=self.name).pk
        return self._quota_id
