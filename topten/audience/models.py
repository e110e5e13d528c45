import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone


def new_nonce() -> str:
    return secrets.token_urlsafe(9)


class Source(models.TextChoices):
    """Where a subscriber or a consent event came from."""

    FORM = "form", "Sign-up form"
    EMBED = "embed", "Embedded form"
    IMPORT = "import", "Import"
    ADMIN = "admin", "Admin"
    API = "api", "API"
    EMAIL = "email", "Link in an email"
    WEBHOOK = "webhook", "Bounce/complaint webhook"


class SubscriberQuerySet(models.QuerySet):
    def receiving(self, now=None):
        """Confirmed, not paused. Suppression is checked separately, by email hash."""
        now = now or dj_timezone.now()
        return self.filter(status=Subscriber.Status.CONFIRMED).exclude(paused_until__gt=now)

    def by_email(self, email: str):
        """Case-insensitive match on a normalised address (uses the lower(email) index)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained"

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        TEXT = "text", "Plain text"

    email = models.CharField(max_length=254, unique=True)
    first_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    timezone = models.CharField(max_length=64, default=settings.PUBLICATION_TIMEZONE)
    delivery_time = models.TimeField(default=settings.DEFAULT_DELIVERY_TIME)
    paused_until = models.DateTimeField(null=True, blank=True)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.HTML)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FORM)
    created_at = models.DateTimeField(default=dj_timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    confirmed_ip = models.GenericIPAddressField(null=True, blank=True)
    confirmed_user_agent = models.CharField(max_length=300, blank=True)
    unsubscribe_reason = models.CharField(max_length=500, blank=True)
    # Part of every confirmation token; rotated on confirm and unsubscribe so a
    # confirmation link works once and never resurrects an unsubscribed reader.
    confirm_nonce = models.CharField(max_length=16, default=new_nonce, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="audience_subscriber_email_ci"),
        ]

    def __str__(self):
        return self.email


class Suppression(models.Model):
    """Addresses the newsletter never mails. Keyed by a hash so erased people stay suppressed."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        HARD_BOUNCE = "bounced", "Hard bounce"
        COMPLAINT = "complained", "Complaint"
        ERASED = "erased", "Erased (GDPR)"
        MANUAL = "manual", "Added by staff"

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=dj_timezone.now)

    def __str__(self):
        return f"{self.reason} {self.email_hash[:12]}"


class ConsentEvent(models.Model):
    """One line of the append-only consent log (subscribe, confirm, unsubscribe, ...).

    Rows are never updated, with one exception: erasure (GDPR Art. 17) removes the
    IP address and user agent and unlinks the subscriber, keeping the email hash.
    """

    class Action(models.TextChoices):
        SUBSCRIBE = "subscribe", "Asked to subscribe"
        CONFIRM = "confirm", "Confirmed"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribed"
        IMPORT = "import", "Imported"
        ADMIN_CHANGE = "admin_change", "Changed by staff"
        PREFERENCES = "preferences", "Changed preferences"
        SUPPRESS = "suppress", "Suppressed"
        ERASE = "erase", "Erased"
        EXPORT = "export", "Data exported"

    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="consent_events"
    )
    email_hash = models.CharField(max_length=64, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} via {self.source} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The consent log is append-only: add a new event instead.")
        super().save(*args, **kwargs)


class SignupRequest(models.Model):
    """A sign-up form submission, handled by the worker.

    The web request only inserts this row, whatever the address, so the answer
    and its timing say nothing about whether the address is known. The worker
    decides what to send and enforces the per-address email limit. Once handled,
    the address is blanked; the hash remains for the limit.
    """

    class Outcome(models.TextChoices):
        WAITING = "", "Waiting"
        CONFIRMATION_SENT = "confirmation", "Confirmation sent"
        ALREADY_SENT = "already", "Already-subscribed email sent"
        LIMITED = "limited", "Over the daily email limit"
        SUPPRESSED = "suppressed", "Suppressed address: nothing sent"

    SENT = (Outcome.CONFIRMATION_SENT, Outcome.ALREADY_SENT)

    email = models.CharField(max_length=254, blank=True)
    email_hash = models.CharField(max_length=64)
    first_name = models.CharField(max_length=100, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FORM)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["processed_at", "created_at"]),
            models.Index(fields=["email_hash", "processed_at"]),
        ]

    def __str__(self):
        return f"sign-up request {self.pk} ({self.outcome or 'waiting'})"


class ImportJob(models.Model):
    """A CSV import, run by the worker; the admin polls it for progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Basis(models.TextChoices):
        CONFIRMED_ELSEWHERE = "confirmed_elsewhere", "Confirmed elsewhere (on a date)"
        SEND_CONFIRMATION = "send_confirmation", "Send each new address a confirmation email"

    path = models.CharField(max_length=500)
    original_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    confirmed_on = models.DateField(null=True, blank=True)
    column_map = models.JSONField(default=dict, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    bytes_total = models.BigIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(default=0)
    rows_existing = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    warnings = models.TextField(blank=True)
    errors = models.TextField(blank=True, help_text="Invalid rows: line number and reason.")
    created_at = models.DateTimeField(default=dj_timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"import {self.pk} {self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(100 * self.bytes_done / self.bytes_total))
