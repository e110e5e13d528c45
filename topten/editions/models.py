from django.db import models
from django.urls import reverse


class Edition(models.Model):
    """One day's email: an intro, exactly ten slots in order, and a sign-off."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    SLOT_COUNT = 10

    newsletter = models.SlugField(max_length=50, default="daily")
    date = models.DateField()
    subject = models.CharField(max_length=200, blank=True)
    preheader = models.CharField(max_length=200, blank=True)
    intro = models.TextField(blank=True)
    signoff = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "date"], name="one_edition_per_day")
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.subject}"

    def get_absolute_url(self):
        return reverse("editions:archive_page", args=[self.date.isoformat()])


class Slot(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    headline = models.CharField(max_length=200)
    blurb = models.TextField()
    article = models.ForeignKey(
        "newsroom.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_url = models.URLField(blank=True)
    image_credit = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "position"], name="one_slot_per_position")
        ]

    def __str__(self):
        return f"{self.position}. {self.headline}"


class SlotSource(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=120)
    url = models.URLField(max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name
