from django.conf import settings
from django.db import models
from django.urls import reverse


class Edition(models.Model):
    """One day's email: an intro, exactly ten slots in order, and a sign-off.

    Statuses (see topten/editions/README.md): a draft is edited on the desk; a
    scheduled edition is locked and waits for the mailer's worker; sending and sent
    are set by the mailer; a cancelled edition is never sent.
    """

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
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The tracked links of the rendered email, in `[[click:N]]` order: a list of
    # {"url": ..., "slot": position or None}. Written when the edition is rendered for
    # sending; the /r/<token>/ redirect only ever goes to one of these.
    links = models.JSONField(default=list, blank=True, editable=False)
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

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.SENDING, self.Status.SENT)


class Slot(models.Model):
    """One of the ten stories of an edition, at position 1..10."""

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
    """A credit under a slot: a name and a link (an article on our site or an external URL)."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=120)
    url = models.URLField(max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class TestAddress(models.Model):
    """The saved list of addresses the desk test-sends an edition to."""

    __test__ = False  # not a pytest test class

    email = models.EmailField(unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email


class Click(models.Model):
    """A subscriber followed a tracked link of an edition (through /r/<token>/)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="clicks")
    subscriber_id = models.BigIntegerField(db_index=True)
    link_index = models.PositiveSmallIntegerField()
    slot_position = models.PositiveSmallIntegerField(null=True, blank=True)
    clicked_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-clicked_at"]
        indexes = [models.Index(fields=["edition", "subscriber_id", "link_index", "clicked_at"])]

    def __str__(self):
        return f"click {self.edition_id}/{self.link_index} by {self.subscriber_id}"
