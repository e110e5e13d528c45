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
