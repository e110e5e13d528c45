"""The send pipeline: start sends, freeze waves, claim batches, send, record.

Every step is a bounded unit of work on rows, safe to run in any number of
worker processes at once and to repeat after a crash (see README.md).
"""

import logging
import os
import socket
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, wait
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from topten.audience.hashing import email_hash
from topten.audience.models import Subscriber, Suppression
from topten.editions.models import Edition
from topten.mailer import conf
from topten.mailer.faults import fault
from topten.mailer.models import Batch, Delivery, Send, Wave
from topten.mailer.quota import RateLimit
from topten.mailer.replies import Outcome, backoff_seconds
from topten.mailer.waves import Group, immediate_wave, plan_waves
from topten.newsroom.models import Publication

log = logging.getLogger(__name__)
OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
D = Delivery.Status
OPEN = (D.PENDING, D.RETRY)


class SendError(Exception):
    """A send cannot be started or resumed; the message says why."""


# -- starting a send ---------------------------------------------------------------


def audience_groups(now=None) -> list[Group]:
    rows = (
        Subscriber.objects.receiving(now)
        .values("timezone", "delivery_time")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [Group(r["timezone"], r["delivery_time"], r["n"]) for r in rows]


def start_send(edition: Edition, *, immediate: bool = False, now=None) -> Send:
    """Create the one Send of an edition with its waves; racing callers get the same Send."""
    now = now or timezone.now()
    existing = Send.objects.filter(edition=edition).first()
    if existing is not None:
        return existing
    publication = Publication.current()
    groups = audience_groups(now)
    if immediate:
        plans = [immediate_wave(groups, now)] if groups else []
    else:
        plans, skipped = plan_waves(
            edition.date,
            groups,
            now,
            fallback_tz=publication.timezone or "UTC",
            late=conf.late_policy(),
        )
        if skipped:
            log.info("edition %s: %d late groups skipped", edition.pk, len(skipped))
    try:
        with transaction.atomic():
            send = Send.objects.create(edition=edition, immediate=immediate)
            Wave.objects.bulk_create(
                Wave(
                    send=send,
                    due_at=plan.due_at,
                    groups=[[g.timezone, g.delivery_time.isoformat()] for g in plan.groups],
                    recipients=plan.count,
                )
                for plan in plans
            )
    except IntegrityError:  # another scheduler won the race
        return Send.objects.get(edition=edition)
    return send


def _plan_new_groups(send: Send, now) -> int:
    """Give subscribers whose (timezone, time) was in no wave when the send was planned
    (they joined or changed their time since) a wave of their own."""
    if send.immediate:
        return 0
    planned = {tuple(g) for groups in send.waves.values_list("groups", flat=True) for g in groups}
    fresh = [
        g for g in audience_groups(now) if (g.timezone, g.delivery_time.isoformat()) not in planned
    ]
    if not fresh:
        return 0
    publication = Publication.current()
    plans, _ = plan_waves(
        send.edition.date,
        fresh,
        now,
        fallback_tz=publication.timezone or "UTC",
        late=conf.late_policy(),
    )
    Wave.objects.bulk_create(
        Wave(
            send=send,
            due_at=plan.due_at,
            groups=[[g.timezone, g.delivery_time.isoformat()] for g in plan.groups],
            recipients=plan.count,
        )
        for plan in plans
    )
    return len(plans)


def start_due_sends(now=None) -> int:
    """Worker task: give every scheduled edition its Send; drop sends of unscheduled ones."""
    done = 0
    for edition in Edition.objects.filter(status=Edition.Status.SCHEDULED, send__isnull=True)[:5]:
        start_send(edition, now=now)
        done += 1
    dropped, _ = (
        Send.objects.filter(status=Send.Status.SCHEDULED)
        .exclude(edition__status=Edition.Status.SCHEDULED)
        .delete()
    )
    # An edition cancelled while it was sending stops its send.
    for send in Send.objects.filter(
        status__in=[Send.Status.SENDING, Send.Status.PAUSED],
        edition__status=Edition.Status.CANCELLED,
    ):
        cancel_send(send)
        done += 1
    return done + (1 if dropped else 0)


def send_now(edition: Edition) -> Send:
    """`topten send --now`: every receiving subscriber at once, ignoring delivery times."""
    if edition.status in (Edition.Status.SENT, Edition.Status.CANCELLED):
        raise SendError(f"edition {edition.date} is {edition.status}; it cannot be sent again")
    if edition.status == Edition.Status.DRAFT:
        from topten.editions.actions import EditionError, schedule_edition

        try:
            schedule_edition(edition)  # the desk's checks: ten stories, a subject, size
        except EditionError as exc:  # EditionInvalid lists every problem
            problems = getattr(exc, "problems", None) or [str(exc)]
            raise SendError(f"edition {edition.date} cannot be sent: " + "; ".join(problems))
    send = start_send(edition, immediate=True)
    now = timezone.now()
    Wave.objects.filter(send=send, status=Wave.Status.WAITING, due_at__gt=now).update(due_at=now)
    Batch.objects.filter(send=send, status=Batch.Status.PENDING, due_at__gt=now).update(due_at=now)
    return send


# -- freezing a wave ---------------------------------------------------------------


def _claim_wave(now) -> Wave | None:
    ahead = now + timedelta(seconds=conf.prepare_ahead_seconds())
    active = Send.objects.filter(status__in=[Send.Status.SCHEDULED, Send.Status.SENDING])
    with transaction.atomic():
        wave = (
            Wave.objects.select_for_update(skip_locked=True)
            .filter(send__in=active)
            .filter(
                Q(status=Wave.Status.WAITING, due_at__lte=ahead)
                | Q(status=Wave.Status.PREPARING, lease_expires_at__lt=now)
            )
            .order_by("due_at", "pk")
            .first()
        )
        if wave is None:
            return None
        wave.status = Wave.Status.PREPARING
        wave.lease_expires_at = _wave_lease(now)
        if wave.max_subscriber_id is None:
            ids = Subscriber.objects.aggregate(low=Min("id"), high=Max("id"))
            wave.max_subscriber_id = ids["high"] or 0
            # The walk starts at the lowest id, so its first (small) page has readers.
            wave.cursor = max(wave.cursor, (ids["low"] or 1) - 1)
            _plan_new_groups(wave.send, now)
        wave.save(update_fields=["status", "lease_expires_at", "max_subscriber_id", "cursor"])
        send = Send.objects.select_for_update().get(pk=wave.send_id)
        if send.status == Send.Status.SCHEDULED:
            _begin_sending(send, now)
    return wave


def _begin_sending(send: Send, now) -> None:
    from topten.editions.rendering import render_edition

    edition = send.edition
    rendered = render_edition(edition)
    send.rendered = {
        "subject": rendered.subject,
        "preheader": rendered.preheader,
        "html": rendered.html,
        "text": rendered.text,
        "links": list(rendered.links),
        "newsletter": edition.newsletter,
        "web_url": _web_url(edition),
    }
    send.status = Send.Status.SENDING
    send.started_at = now
    send.save(update_fields=["rendered", "status", "started_at"])
    _set_edition_status(edition.pk, Edition.Status.SENDING)


def _set_edition_status(edition_id: int, status: str) -> None:
    """A sending or sent edition appears on the public site: refresh the page cache."""
    from topten.web.cache import invalidate

    Edition.objects.filter(pk=edition_id).update(status=status)
    transaction.on_commit(invalidate)


def _web_url(edition) -> str:
    from topten.editions.rendering import web_url

    return web_url(edition)


_INSERT = """
{cte}INSERT INTO {delivery} (send_id, wave_id, subscriber_id, email, status, attempts,
    response, uncertain, bounced, complained, provider_message_id)
SELECT %s, %s, s.id, s.email, 'pending', 0, '', false, false, false, ''
FROM {subscriber} s {join}
WHERE s.id > %s AND s.id <= %s AND s.status = 'confirmed'
  AND (s.paused_until IS NULL OR s.paused_until <= %s)
ON CONFLICT DO NOTHING
"""


def _insert_page(wave: Wave, low: int, high: int, now) -> int:
    """Freeze one page of subscriber ids into deliveries: one INSERT ... SELECT.

    The rows never travel through Python. Measured with `bench/send.sh --recipients
    1000000 --database postgres://... --prepare-only`: 1,000,000 deliveries and their
    batches in 11.3 s on PostgreSQL (2 shared cores; 14.9 s on 2026-11-26).
    """
    ops = connection.ops
    params: list = []
    cte = join = ""
    if not _all_groups(wave):
        rows = ", ".join(["(%s, %s)"] * len(wave.groups))
        cte = f"WITH g(tz, t) AS (VALUES {rows}) "
        for tz, hhmm in wave.groups:
            params += [tz, ops.adapt_timefield_value(_time(hhmm))]
        join = "JOIN g ON s.timezone = g.tz AND s.delivery_time = g.t"
    sql = _INSERT.format(
        cte=cte,
        delivery=Delivery._meta.db_table,
        subscriber=Subscriber._meta.db_table,
        join=join,
    )
    params += [wave.send_id, wave.pk, low, high, ops.adapt_datetimefield_value(now)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _all_groups(wave: Wave) -> bool:
    """An immediate send's single wave takes every receiving subscriber."""
    return wave.send.immediate


def _time(hhmm: str):
    from datetime import time as dtime

    return dtime.fromisoformat(hhmm)


def prepare_due_waves(now=None) -> int:
    """Worker task: freeze the audience of one due wave into deliveries and batches."""
    now = now or timezone.now()
    wave = _claim_wave(now)
    if wave is None:
        return 0
    prepare_wave(wave, now)
    return 1


def _wave_lease(now):
    """A freeze holds its wave for one lease (`SEND_LEASE_SECONDS`), renewed with every
    page: a worker that dies freezing delays the send by one lease, not more."""
    return now + timedelta(seconds=conf.lease_seconds())


def _hold_wave(wave: Wave, **changes) -> bool:
    """Renew the freeze's lease (and write `changes`) while this worker still holds the
    wave: the lease it wrote last is its fencing token. The UPDATE also locks the wave
    for the caller's transaction, so no other worker takes it over meanwhile. False when
    the lease expired and another worker took the wave: stop, it goes on from there."""
    lease = _wave_lease(timezone.now())
    held = Wave.objects.filter(
        pk=wave.pk, status=Wave.Status.PREPARING, lease_expires_at=wave.lease_expires_at
    ).update(lease_expires_at=lease, **changes)
    if held:
        wave.lease_expires_at = lease
    else:
        log.warning("wave %s: freeze lease lost to another worker; stopping", wave.pk)
    return bool(held)


def prepare_wave(wave: Wave, now=None) -> None:
    """Freeze the wave's audience page by page. A page's deliveries and its batches
    commit together, so workers send the first pages while the rest is frozen (at
    100,000 on PostgreSQL the whole freeze took 1.3 s, 7 % of the send, with nothing
    sent meanwhile). Pages start small, for an early first batch, and double up to
    `SEND_PREPARE_PAGE` subscriber ids."""
    now = now or timezone.now()
    limit = conf.prepare_page_size()
    page = min(limit, 4 * conf.batch_size())
    analyzed = False
    while wave.cursor < wave.max_subscriber_id:
        high = min(wave.cursor + page, wave.max_subscriber_id)
        with transaction.atomic():
            if not _hold_wave(wave, cursor=high):
                return
            _insert_page(wave, wave.cursor, high, now)
            batched = _batch_page(wave)
            wave.cursor = high
        fault("after_page")
        if batched and not analyzed:
            _analyze(subscribers=True)  # before the first batch is read, where it can be
            analyzed = True
        page = min(limit, page * 2)
    if _finish_wave(wave):
        _analyze(subscribers=not analyzed)


def _analyze(subscribers: bool = True) -> None:
    """Refresh the planner's statistics after the first page is frozen and again once
    the whole audience is.

    The send reads deliveries by id range and subscribers by id. Without statistics
    on freshly filled tables (a new send's deliveries, a list imported this morning)
    PostgreSQL hashed every subscriber for each batch's recheck (27 ms of server CPU
    per 500 rows, 2 ms after ANALYZE), and both databases walked all of the send's
    deliveries through the (send, subscriber) index instead of the batch's id range
    (18 ms per batch on SQLite at 100,000 rows, 0.4 ms after). SQLite's recheck is
    best without subscriber statistics (1.0 ms per 500 rows; 4.4 ms with them, when
    it adds a Bloom filter), so there only the deliveries are analyzed.
    """
    deliveries, table = Delivery._meta.db_table, Subscriber._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {deliveries}" + (f", {table}" if subscribers else ""))
        elif connection.vendor == "sqlite":
            cursor.execute(f"ANALYZE {deliveries}")


def _batch_page(wave: Wave) -> int:
    """Batches for the wave's deliveries that are in none yet (inside the page's
    transaction): every row inserted since the last batch, including rows a crashed
    freeze committed before its cursor moved. Returns the number of batches made."""
    size = conf.batch_size()
    table = Delivery._meta.db_table
    after = Batch.objects.filter(wave=wave).aggregate(m=Max("last_id"))["m"] or 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM {table} "
            "WHERE send_id = %s AND wave_id = %s AND id > %s) t WHERE (rn - 1) %% %s = 0 "
            "ORDER BY id",
            [wave.send_id, wave.pk, after, size],
        )
        starts = [row[0] for row in cursor.fetchall()]
        if not starts:
            return 0
        cursor.execute(
            f"SELECT MAX(id) FROM {table} WHERE send_id = %s AND wave_id = %s AND id > %s",
            [wave.send_id, wave.pk, after],
        )
        last = cursor.fetchone()[0]
    ends = [s - 1 for s in starts[1:]] + [last]
    Batch.objects.bulk_create(
        Batch(send_id=wave.send_id, wave=wave, first_id=a, last_id=b, due_at=wave.due_at)
        for a, b in zip(starts, ends, strict=True)
    )
    return len(starts)


def _finish_wave(wave: Wave) -> bool:
    """The whole audience is frozen: the wave is ready, with its exact count. False when
    the lease was lost meanwhile (the worker that took the wave over finishes it)."""
    with transaction.atomic():
        if not _hold_wave(wave):
            return False
        n = Delivery.objects.filter(send_id=wave.send_id, wave=wave).count()
        Wave.objects.filter(pk=wave.pk).update(
            status=Wave.Status.READY,
            recipients=n,
            prepared_at=timezone.now(),
            lease_expires_at=None,
        )
    return True


# -- claiming and sending ----------------------------------------------------------


def claim_batch(now=None, owner: str = OWNER) -> Batch | None:
    """Lease the next due batch; a batch whose lease expired is taken over."""
    now = now or timezone.now()
    active = Send.objects.filter(status=Send.Status.SENDING).filter(
        Q(breaker_until__isnull=True) | Q(breaker_until__lte=now)
    )
    with transaction.atomic():
        batch = (
            Batch.objects.select_for_update(skip_locked=True)
            .filter(send__in=active)
            .filter(
                Q(status=Batch.Status.PENDING, due_at__lte=now)
                | Q(status=Batch.Status.CLAIMED, lease_expires_at__lt=now)
            )
            .order_by("due_at", "pk")
            .first()
        )
        if batch is None:
            return None
        if batch.status == Batch.Status.CLAIMED:
            mark_uncertain(batch, now)
        batch.status = Batch.Status.CLAIMED
        batch.lease_owner = owner
        batch.lease_expires_at = now + timedelta(seconds=conf.lease_seconds())
        batch.attempts += 1
        batch.save(update_fields=["status", "lease_owner", "lease_expires_at", "attempts"])
    return batch


def _batch_rows(batch: Batch):
    # Waves frozen at the same time interleave their ids: a range holds only its wave's.
    return Delivery.objects.filter(
        wave_id=batch.wave_id, id__gte=batch.first_id, id__lte=batch.last_id
    )


def mark_uncertain(batch: Batch, now) -> int:
    """A worker died holding this batch: its `sending` rows may or may not have gone out."""
    rows = _batch_rows(batch).filter(status=D.SENDING)
    # Already resent once after an unknown outcome: never a third time.
    again = rows.filter(uncertain=True).update(status=D.UNCERTAIN)
    if conf.uncertain_policy() == "resend":
        first = rows.filter(uncertain=False).update(
            uncertain=True, status=D.RETRY, next_attempt_at=now
        )
    else:
        first = rows.filter(uncertain=False).update(uncertain=True, status=D.UNCERTAIN)
    if again or first:
        log.warning("batch %s: %d deliveries of unknown outcome", batch.pk, again + first)
    return again + first


class Sender:
    """One worker process's sending state: transport and message factories, kept warm."""

    def __init__(self, transport=None):
        self._transport = transport
        self._factories: dict[int, object] = {}
        self.limit = RateLimit(conf.rate_per_second(), conf.rate_per_hour())

    def transport(self, sender: str):
        if self._transport is None:
            from topten.mailer.transports import get_transport

            self._transport = get_transport(sender)
        return self._transport

    def close(self):
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def factory(self, send: Send):
        factory = self._factories.get(send.pk)
        if factory is None:
            factory = self._factories[send.pk] = make_factory(send)
        return factory

    def send_due_batches(self, max_batches: int = 20, deadline_s: float = 20.0) -> int:
        """Claim due batches and send them chunk after chunk; returns the batches claimed.

        The transport's connections form lanes (two for SMTP), each with one chunk on
        the wire at a time. When a lane's chunk is back, one transaction records its
        outcomes and marks the lane's next chunk `sending`, while the other lane's
        chunk is still out: the connections never wait for the database together.
        Each lane's next chunk is built while its current one is on the wire, and the
        next batch is claimed before the current one runs out.
        """
        stream = _Stream(self, max_batches, time.monotonic() + deadline_s)
        lanes: list[_Lane] = []
        busy: dict = {}  # Future -> its lane
        while True:
            idle = [lane for lane in lanes if lane.chunk is None]
            while (idle or not lanes) and not stream.exhausted:
                chunk = stream.next_chunk()
                if chunk is None:
                    break
                if not lanes:
                    lanes = [_Lane(i) for i in range(getattr(chunk.claim.transport, "lanes", 1))]
                    idle = list(lanes)
                for _ in _build(chunk):
                    pass
                with transaction.atomic():
                    started = _start(chunk)
                    if not started:
                        _drop(chunk)
                if started:
                    self._launch(idle.pop(0), chunk, stream, busy)
            if not busy:
                return stream.claimed
            done, _ = wait(busy, return_when=FIRST_COMPLETED)
            for future in done:
                lane = busy.pop(future)
                results = future.result()
                fault("after_smtp_250")
                chunk, following = lane.chunk, lane.following
                lane.chunk = lane.following = None
                with transaction.atomic():
                    _finish(chunk, results)
                    started = following is not None and _start(following)
                    if following is not None and not started:
                        _drop(following)
                if started:
                    self._launch(lane, following, stream, busy)

    def _launch(self, lane: "_Lane", chunk: "Chunk", stream: "_Stream", busy: dict) -> None:
        """Put a marked chunk on the lane's connections, building the lane's next one
        meanwhile."""
        lane.chunk = chunk
        lane.following = stream.next_chunk()
        meanwhile = _build(lane.following) if lane.following is not None else None
        messages = chunk.built.messages
        self.limit.acquire(len(messages))
        busy[_submit(chunk.claim.transport, messages, meanwhile, lane.index)] = lane

    def _open(self, batch: Batch) -> "Claim":
        send = Send.objects.select_related("edition").get(pk=batch.send_id)
        now = timezone.now()
        rows = list(
            _batch_rows(batch)
            .filter(status__in=OPEN)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("id")
            .values_list("id", "subscriber_id", "email", "uncertain")
        )
        factory = self.factory(send)
        transport = self.transport(factory.from_email)
        return Claim(batch, send, factory, transport, recheck(rows, now), rows)


def _submit(transport, messages, meanwhile, lane: int) -> Future:
    """The transport's `submit` where it has lanes; otherwise a send done right away."""
    if not messages:
        for _ in meanwhile or ():
            pass
        future = Future()
        future.set_result([])
        return future
    if hasattr(transport, "submit"):
        return transport.submit(messages, meanwhile, lane)
    future = Future()
    future.set_result(transport.send(messages, meanwhile))
    return future


class _Lane:
    def __init__(self, index: int):
        self.index = index
        self.chunk = None  # on the wire
        self.following = None  # being built, to be marked when `chunk` is back


class _Stream:
    """The chunks of this pass: the rest of the batches held, then newly claimed ones."""

    def __init__(self, sender: Sender, max_batches: int, until: float):
        self.sender = sender
        self.max_batches = max_batches
        self.until = until
        self.claimed = 0
        self.claims: list[Claim] = []
        self.exhausted = False

    def next_chunk(self) -> "Chunk | None":
        self.claims = [claim for claim in self.claims if not claim.released]
        for claim in self.claims:
            if claim.chunks:
                return claim.take()
        while self.claimed < self.max_batches and time.monotonic() < self.until:
            batch = claim_batch()
            if batch is None:
                break
            self.claimed += 1
            fault("after_claim")
            claim = self.sender._open(batch)
            if claim.chunks:
                self.claims.append(claim)
                return claim.take()
            release_batch(batch, stopped=False)  # nothing due in it yet
        self.exhausted = True
        return None


class Claim:
    """A batch this worker holds: its send, the rows due now in chunks, the people to mail."""

    def __init__(self, batch, send, factory, transport, people, rows):
        self.batch = batch
        self.send = send
        self.factory = factory
        self.transport = transport
        self.people = people
        size = transport.chunk_size
        self.chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        self.out = 0  # chunks taken and not yet finished or dropped
        self.stopped = False
        self.released = False

    def take(self) -> "Chunk":
        self.out += 1
        return Chunk(self, self.chunks.pop(0))

    def settle(self) -> None:
        """Give the batch back once no chunk of it is left to send or on the wire."""
        if not self.released and not self.chunks and not self.out:
            release_batch(self.batch, stopped=self.stopped)
            self.released = True

    def stop(self) -> None:
        """Send nothing more of this batch: the rows not yet sent stay open."""
        self.chunks.clear()
        self.stopped = True


class Chunk:
    """Rows of one claim sent together: at most one pipelined share per connection."""

    def __init__(self, claim: Claim, rows: list):
        self.claim = claim
        self.rows = rows
        self.built = Built()


class Built:
    """The messages of one chunk, built ahead of sending, and the rows left out."""

    def __init__(self):
        self.messages = []
        self.skipped = []
        self.bad = []


def _build(chunk: Chunk, slice_size: int = 8):
    """Build the messages of `chunk`, yielding every few messages so the transport can
    read replies in between (a generator driven by the transport's event loop)."""
    claim, out = chunk.claim, chunk.built
    people, factory, parts = claim.people, claim.factory, claim.transport.needs_parts
    for n, (delivery_id, subscriber_id, email, _) in enumerate(chunk.rows, start=1):
        person = people.get(subscriber_id)
        if person is None:
            out.skipped.append(delivery_id)
            continue
        try:
            out.messages.append(
                factory.build(delivery_id, subscriber_id, email, person[0], person[1], parts=parts)
            )
        except ValueError as exc:
            out.bad.append((delivery_id, str(exc)))
        if n % slice_size == 0:
            yield


def _start(chunk: Chunk) -> bool:
    """Renew the lease and mark the chunk `sending` (inside the caller's transaction);
    False when the batch may not go on: the send stopped, the breaker is open, or the
    lease was lost to another worker."""
    claim, built = chunk.claim, chunk.built
    if not _renew_lease(claim.batch):
        return False
    if built.skipped:
        Delivery.objects.filter(id__in=built.skipped, status__in=OPEN).update(status=D.SUPPRESSED)
    for delivery_id, reason in built.bad:
        Delivery.objects.filter(id=delivery_id).update(status=D.FAILED, response=reason[:300])
    if built.messages:
        _update_deliveries(
            [m.delivery_id for m in built.messages],
            "status = %s, attempts = attempts + 1",
            [D.SENDING],
        )
    if built.bad:
        _count_failures(claim.send, claim.batch.wave_id, len(built.bad))
    return True


_RENEW = """
UPDATE {batch} SET lease_expires_at = %s
WHERE id = %s AND status = %s AND lease_owner = %s AND EXISTS (
    SELECT 1 FROM {send} s WHERE s.id = {batch}.send_id AND s.status = %s
    AND (s.breaker_until IS NULL OR s.breaker_until <= %s))
"""


def _renew_lease(batch: Batch) -> bool:
    """Extend the lease while this worker still holds the batch and its send may go on.

    One statement, run before every chunk (the ORM's version of it cost 1.4 ms of
    worker CPU per chunk to build)."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    sql = _RENEW.format(batch=Batch._meta.db_table, send=Send._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                adapt(now + timedelta(seconds=conf.lease_seconds())),
                batch.pk,
                Batch.Status.CLAIMED,
                batch.lease_owner,
                Send.Status.SENDING,
                adapt(now),
            ],
        )
        return cursor.rowcount == 1


def _finish(chunk: Chunk, results: list) -> None:
    """Record a sent chunk (inside the caller's transaction); give its batch back once
    the batch is through, or stop it when the relay is down."""
    claim = chunk.claim
    send = claim.send
    by_id = {m.delivery_id: m for m in chunk.built.messages}
    relay_down = record_results(send, claim.batch, results, by_id) if results else ""
    if relay_down:
        open_breaker(send, relay_down)
        claim.stop()
    elif results and send.breaker_trips:
        Send.objects.filter(pk=send.pk).update(breaker_trips=0, breaker_reason="")
        send.breaker_trips = 0
    claim.out -= 1
    claim.settle()


def _drop(chunk: Chunk) -> None:
    """A chunk that may not go (see `_start`): its batch stops, its rows stay open."""
    claim = chunk.claim
    claim.out -= 1
    claim.stop()
    claim.settle()


def recheck(rows, now) -> dict:
    """Subscribers of `rows` still to be mailed right now: {id: (first_name, format)}.

    One query just before sending: a subscriber who unsubscribed, was paused or whose
    address was suppressed (bounce, complaint) after the wave froze is left out.
    """
    if not rows:
        return {}
    pairs = {r[1]: email_hash(r[2]) for r in rows}
    if connection.vendor == "postgresql":  # two array parameters: see _update_deliveries
        values = "SELECT * FROM unnest(%s::bigint[], %s::text[])"
        params: list = [_array(pairs), _array(pairs.values())]
    else:
        values = "VALUES " + ", ".join(["(%s, %s)"] * len(pairs))
        params = [p for sid, h in pairs.items() for p in (sid, h)]
    params += ["confirmed", connection.ops.adapt_datetimefield_value(now)]
    sql = (
        f"WITH v(id, h) AS ({values}) "
        f"SELECT s.id, s.first_name, s.format FROM {Subscriber._meta.db_table} s "
        "JOIN v ON s.id = v.id "
        "WHERE s.status = %s AND (s.paused_until IS NULL OR s.paused_until <= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {Suppression._meta.db_table} x WHERE x.email_hash = v.h)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {sid: (first_name, fmt) for sid, first_name, fmt in cursor.fetchall()}


def record_results(send: Send, batch: Batch, results, by_id) -> str:
    """Write the outcomes of one chunk; returns a reason when the relay is down."""
    from topten.audience.actions import suppress_address

    now = timezone.now()
    sent = [
        r.delivery_id for r in results if r.outcome is Outcome.SENT and not r.provider_message_id
    ]
    relay_down = ""
    failures = 0
    bounces = []
    # No savepoint: inside the sender's transaction this is one more step of it.
    with transaction.atomic(savepoint=False):
        if sent:
            _update_deliveries(
                sent,
                "status = %s, sent_at = %s, smtp_code = 250, next_attempt_at = NULL",
                [D.SENT, connection.ops.adapt_datetimefield_value(now)],
                only_status=D.SENDING,
            )
        attempts = (
            dict(
                Delivery.objects.filter(
                    id__in=[r.delivery_id for r in results if r.outcome is not Outcome.SENT]
                ).values_list("id", "attempts")
            )
            if len(sent) < len(results)
            else {}
        )
        for r in results:
            if r.relay_down and not relay_down:
                relay_down = f"{r.code or ''} {r.text or 'relay unavailable'}".strip()
            if r.outcome is Outcome.SENT and not r.provider_message_id:
                continue
            row = Delivery.objects.filter(id=r.delivery_id, status=D.SENDING)
            if r.outcome is Outcome.SENT:
                if r.provider_message_id:
                    row.update(
                        status=D.SENT,
                        sent_at=now,
                        smtp_code=r.code,
                        provider_message_id=r.provider_message_id,
                    )
            elif r.outcome is Outcome.RETRY:
                tries = attempts.get(r.delivery_id, 1)
                if tries >= conf.max_attempts():
                    row.update(status=D.FAILED, smtp_code=r.code, response=r.text[:300])
                    failures += 1
                else:
                    delay = backoff_seconds(
                        tries, conf.retry_base_seconds(), conf.retry_max_seconds()
                    )
                    row.update(
                        status=D.RETRY,
                        smtp_code=r.code,
                        response=r.text[:300],
                        next_attempt_at=now + timedelta(seconds=delay),
                    )
            elif r.outcome in (Outcome.FAILED, Outcome.BOUNCE):
                bounce = r.outcome is Outcome.BOUNCE
                row.update(status=D.FAILED, smtp_code=r.code, response=r.text[:300], bounced=bounce)
                failures += 1
                if bounce:
                    bounces.append(by_id[r.delivery_id].to)
            elif r.outcome is Outcome.UNKNOWN:
                resend = conf.uncertain_policy() == "resend"
                row.filter(uncertain=False).update(
                    uncertain=True,
                    status=D.RETRY if resend else D.UNCERTAIN,
                    next_attempt_at=now,
                    response=r.text[:300],
                )
                row.filter(uncertain=True).update(status=D.UNCERTAIN, response=r.text[:300])
            else:  # NOT_ATTEMPTED: as if never claimed; this attempt does not count
                row.update(
                    status=D.RETRY if attempts.get(r.delivery_id, 1) > 1 else D.PENDING,
                    attempts=F("attempts") - 1,
                    response=r.text[:300],
                )
        for address in bounces:
            suppress_address(address, Suppression.Reason.HARD_BOUNCE, source="webhook")
        fault("before_commit")
    if failures:
        _count_failures(send, batch.wave_id, failures)
    return relay_down


def _update_deliveries(ids: list, assignments: str, params: list, only_status=None) -> int:
    """UPDATE the deliveries `ids` (one chunk: up to a few hundred), in one statement.

    On PostgreSQL the ids go as one array parameter: with one placeholder per id,
    psycopg parsed the query text anew on every call (2 ms of worker CPU per chunk).
    """
    if connection.vendor == "postgresql":
        where, id_params = "id = ANY(%s::bigint[])", [_array(ids)]
    else:
        where, id_params = f"id IN ({', '.join(['%s'] * len(ids))})", list(ids)
    if only_status is not None:
        where += " AND status = %s"
        id_params.append(only_status)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET {assignments} WHERE {where}",
            [*params, *id_params],
        )
        return cursor.rowcount


def _array(values) -> str:
    """A PostgreSQL array literal of ints or hex digests, for one `%s::type[]` parameter:
    psycopg's list adapter took 0.3 ms per 100 ids, this a twentieth of it."""
    return "{" + ",".join(map(str, values)) + "}"


def _count_failures(send: Send, wave_id: int, n: int) -> None:
    """The error budget: too many permanent failures in a wave pause the send."""
    Wave.objects.filter(pk=wave_id).update(failed=F("failed") + n)
    wave = Wave.objects.only("failed", "recipients").get(pk=wave_id)
    allowed = max(conf.error_budget_min(), conf.error_budget() * wave.recipients)
    if wave.failed > allowed:
        reason = (
            f"Paused: {wave.failed} of {wave.recipients} deliveries in this wave failed "
            f"permanently (budget {allowed:.0f}). Check the relay replies, then resume."
        )
        pause_send(send, reason)


def pause_send(send: Send, reason: str) -> bool:
    changed = Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
        status=Send.Status.PAUSED, paused_reason=reason[:300]
    )
    if changed:
        log.warning("send %s paused: %s", send.pk, reason)
        _tell_editor(send, reason)
    return bool(changed)


def _tell_editor(send: Send, reason: str) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from topten.mailer.actions import queue_email

    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    edition = Edition.objects.get(pk=send.edition_id)
    desk_url = reverse("editions:desk_edition", args=[edition.pk])
    for user in staff[:20]:
        queue_email(
            kind="send-paused",
            to=user.email,
            subject=f"Sending of the {edition.date} edition is paused",
            text=f"{reason}\n\nResume it with: topten send {edition.date} --resume\n"
            f"or from the editor desk: {settings.SITE_URL}{desk_url}\n",
        )


def resume_send(send: Send) -> bool:
    """An operator resumes a paused send; it continues from the same rows."""
    changed = Send.objects.filter(pk=send.pk, status=Send.Status.PAUSED).update(
        status=Send.Status.SENDING, paused_reason="", breaker_until=None, breaker_trips=0
    )
    if changed:
        # The failures so far were seen; the budget counts again from here.
        Wave.objects.filter(send=send).update(failed=0)
    return bool(changed)


def cancel_send(send: Send) -> None:
    """Stop a send for good: deliveries not yet sent stay unsent."""
    Send.objects.filter(pk=send.pk).exclude(status=Send.Status.SENT).update(
        status=Send.Status.CANCELLED, finished_at=timezone.now()
    )


def open_breaker(send: Send, reason: str) -> None:
    trips = send.breaker_trips + 1
    cooldown = min(conf.breaker_max_seconds(), conf.breaker_cooldown_seconds() * 2 ** (trips - 1))
    until = timezone.now() + timedelta(seconds=cooldown)
    Send.objects.filter(pk=send.pk).update(
        breaker_until=until,
        breaker_trips=trips,
        breaker_reason=f"Relay unavailable: {reason}"[:300],
    )
    send.breaker_trips = trips
    log.warning("send %s: relay down (%s); retrying in %.0f s", send.pk, reason, cooldown)


def release_batch(batch: Batch, stopped: bool) -> None:
    """Give the batch back: done, or pending again for its retries (or after a pause)."""
    left = (
        _batch_rows(batch)
        .filter(status__in=OPEN)
        .aggregate(n=Count("id"), due=Min("next_attempt_at"))
    )
    now = timezone.now()
    if left["n"] == 0:
        status, due = Batch.Status.DONE, batch.due_at
    else:
        send = Send.objects.only("breaker_until").get(pk=batch.send_id)
        due = left["due"] or now
        if send.breaker_until and send.breaker_until > due:
            due = send.breaker_until
        status = Batch.Status.PENDING
        if not stopped and left["due"] is None:
            due = now
    Batch.objects.filter(pk=batch.pk, lease_owner=batch.lease_owner).update(
        status=status, due_at=due, lease_owner="", lease_expires_at=None
    )


def finish_sends() -> int:
    """Worker task: a send whose waves are all done is sent."""
    done = 0
    for send in Send.objects.filter(status=Send.Status.SENDING):
        if Wave.objects.filter(send=send).exclude(status=Wave.Status.READY).exists():
            continue
        if Batch.objects.filter(send=send).exclude(status=Batch.Status.DONE).exists():
            continue
        with transaction.atomic():
            if Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
                status=Send.Status.SENT, finished_at=timezone.now()
            ):
                _set_edition_status(send.edition_id, Edition.Status.SENT)
                done += 1
    return done


def make_factory(send: Send):
    from django.conf import settings

    from topten.audience.links import PREFERENCES, UNSUBSCRIBE
    from topten.mailer.dkim import load_signer
    from topten.mailer.message import MessageFactory
    from topten.mailer.personalize import (
        Personaliser,
        compile_template,
        fast_click_urls,
        fast_signed_url,
    )

    rendered = send.rendered
    publication = Publication.current()
    html_links = compile_template(rendered["html"]).link_indexes
    text_links = compile_template(rendered["text"]).link_indexes
    links = tuple(sorted(set(html_links) | set(text_links)))
    personaliser = Personaliser(
        edition_id=send.edition_id,
        web_url=rendered.get("web_url", settings.SITE_URL),
        link_indexes=links,
        unsubscribe_url=fast_signed_url(UNSUBSCRIBE),
        preferences_url=fast_signed_url(PREFERENCES),
        click_urls=fast_click_urls() if rendered.get("links") else None,
        links=rendered.get("links", []),
    )
    from_email = publication.from_email or _address_of(settings.DEFAULT_FROM_EMAIL)
    return MessageFactory(
        edition_id=send.edition_id,
        newsletter=rendered.get("newsletter", "daily"),
        subject=rendered["subject"],
        from_name=publication.name or "",
        from_email=from_email,
        reply_to=publication.reply_to,
        web_url=personaliser.web_url,
        html_source=rendered["html"],
        text_source=rendered["text"],
        personaliser=personaliser,
        sender_id=conf.feedback_sender_id(),
        unsubscribe_mailto=conf.unsubscribe_mailto(),
        signer=load_signer(*conf.dkim()),
        secret=settings.SECRET_KEY,
    )


def _address_of(header: str) -> str:
    from email.utils import parseaddr

    return parseaddr(header)[1] or "news@localhost"
