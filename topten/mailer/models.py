from django.db import models
from django.utils import timezone


class QueuedEmail(models.Model):
    """A transactional email (confirmation, welcome, receipt...) waiting for the worker.

    Web requests never talk to the relay: they insert a row here inside their
    transaction, and `topten worker` sends it. A relay outage leaves rows queued
    with a growing backoff; nothing is lost.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed permanently"

    kind = models.CharField(max_length=40, help_text="confirm, welcome, receipt, ...")
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} to {self.to}"


class Send(models.Model):
    """The sending of one edition to its audience. Exactly one per edition.

    See topten/mailer/README.md for what each status means.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled (waiting for the first wave)"
        SENDING = "sending", "Sending"
        PAUSED = "paused", "Paused (needs an operator to resume)"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="send"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    paused_reason = models.CharField(max_length=300, blank=True)
    # Ignore delivery times: every wave is due at once (`topten send --now`).
    immediate = models.BooleanField(default=False)
    # The edition rendered once for this send: subject, preheader, html, text, links.
    rendered = models.JSONField(default=dict, blank=True)
    # Circuit breaker: while `breaker_until` is in the future no batch of this send is
    # claimed. Opened by relay-wide failures (421, timeouts, refused connections).
    breaker_until = models.DateTimeField(null=True, blank=True)
    breaker_trips = models.PositiveIntegerField(default=0)
    breaker_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"send of edition {self.edition_id} ({self.status})"

    @property
    def breaker_open(self) -> bool:
        return bool(self.breaker_until and self.breaker_until > timezone.now())


class Wave(models.Model):
    """The subscribers of a send whose local delivery time falls on the same UTC instant.

    `groups` lists the (timezone, "HH:MM:SS") pairs in the wave. The audience is frozen
    when the wave starts: deliveries are inserted for subscribers up to
    `max_subscriber_id`, page by page (`cursor` is the last subscriber id done).
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for its time"
        PREPARING = "preparing", "Freezing its audience"
        READY = "ready", "Deliveries and batches created"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="waves")
    due_at = models.DateTimeField()
    groups = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    cursor = models.BigIntegerField(default=0)
    max_subscriber_id = models.BigIntegerField(null=True, blank=True)
    # Estimated from the groups when planned; the exact count once the wave is ready.
    recipients = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"wave {self.pk} of send {self.send_id} at {self.due_at:%Y-%m-%d %H:%M}Z"


class Batch(models.Model):
    """A range of deliveries of one wave (ids first_id..last_id), claimed by one worker at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CLAIMED = "claimed", "Claimed by a worker (leased)"
        DONE = "done", "Done"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="batches")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="batches")
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField()
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "lease_expires_at"]),
        ]

    def __str__(self):
        return f"batch {self.pk} ({self.first_id}..{self.last_id}, {self.status})"


class Delivery(models.Model):
    """One edition to one subscriber. See README.md for the statuses."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Handed to the relay, outcome not yet recorded"
        SENT = "sent", "Accepted by the relay"
        RETRY = "retry", "Temporarily rejected, will retry"
        FAILED = "failed", "Failed permanently"
        SUPPRESSED = "suppressed", "Skipped (unsubscribed, paused or suppressed)"
        UNCERTAIN = "uncertain", "Outcome unknown, held for review"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="+", db_index=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+", db_index=False)
    subscriber_id = models.BigIntegerField()
    email = models.CharField(max_length=254)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # The relay's reply or the error, for the report.
    response = models.CharField(max_length=300, blank=True, default="")
    # Set when a crash left the outcome unknown; kept after a resend, for the report.
    uncertain = models.BooleanField(default=False)
    bounced = models.BooleanField(default=False)
    complained = models.BooleanField(default=False)
    # The id an email-service API gave the message (SMTP: our own Message-ID is derived).
    provider_message_id = models.CharField(max_length=200, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber_id"], name="one_delivery_per_send")
        ]
        # No index on status: every row changes status twice (pending, sending, sent)
        # right after it is inserted, and an indexed status makes each change write
        # every index. Without it, and with fillfactor 50 on PostgreSQL (migration
        # 0004), both new versions stay on the row's page as HOT updates.
        indexes = [
            # Webhooks find the delivery of an email-service message id; SMTP rows have none.
            models.Index(
                fields=["provider_message_id"],
                name="delivery_provider_id",
                condition=~models.Q(provider_message_id=""),
            ),
        ]

    def __str__(self):
        return f"delivery {self.pk} to {self.email} ({self.status})"


class WebhookEvent(models.Model):
    """An email-service tracking event already handled (events are idempotent by id)."""

    esp = models.CharField(max_length=30)
    event_id = models.CharField(max_length=200)
    event_type = models.CharField(max_length=30)
    recipient_hash = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["esp", "event_id"], name="one_webhook_event")
        ]

    def __str__(self):
        return f"{self.esp} {self.event_type} {self.event_id}"


class SendQuota(models.Model):
    """A provider quota shared by every worker: its row is the lock that orders grants.

    See quota.py: a worker locks this row, checks the grants of the last hour, and
    records its own. `last_at` is the latest grant's time, so grants never go back.
    """

    name = models.CharField(max_length=40, unique=True)
    last_at = models.FloatField(default=0.0)  # seconds since the epoch
    reservations = models.BigIntegerField(default=0)

    def __str__(self):
        return self.name


class SendGrant(models.Model):
    """Messages a worker was allowed to send at one moment; kept as long as the longest window."""

    quota = models.ForeignKey(SendQuota, on_delete=models.CASCADE, related_name="+")
    at = models.FloatField()  # seconds since the epoch, on the database's clock
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["quota", "at"], name="send_grant_quota_at")]

    def __str__(self):
        return f"{self.count} at {self.at}"
