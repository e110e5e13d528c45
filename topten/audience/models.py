from django.conf import settings
from django.db import models
from django.utils import timezone as dj_timezone


class SubscriberQuerySet(models.QuerySet):
    def receiving(self, now=None):
        """Confirmed, not paused. Suppression is checked separately, by email hash."""
        now = now or dj_timezone.now()
        return self.filter(status=Subscriber.Status.CONFIRMED).exclude(paused_until__gt=now)


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
    source = models.CharField(max_length=20, default="form")
    created_at = models.DateTimeField(default=dj_timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

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
