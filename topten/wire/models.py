import datetime as dt

from django.db import models
from django.utils import timezone


class Source(models.Model):
    """A feed the wire desk reads. States of its schedule are in README.md."""

    class Kind(models.TextChoices):
        WIRE = "wire", "Wire agency"
        OUTLET = "outlet", "Outlet"
        BLOG = "blog", "Blog"

    name = models.CharField(max_length=120)
    home_url = models.URLField(max_length=1000, blank=True)
    feed_url = models.URLField(max_length=1000, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OUTLET)
    language = models.CharField(max_length=12, default="en")
    region = models.CharField(max_length=40, blank=True, help_text="e.g. world, europe, africa")
    section = models.CharField(
        max_length=40, default="world", help_text="e.g. world, business, science"
    )
    trust = models.FloatField(default=1.0, help_text="Weight in ranking, 0.1 to 3.")
    enabled = models.BooleanField(default=True)
    full_text = models.BooleanField(
        default=False, help_text="Fetch article pages (needs trafilatura)."
    )
    interval_seconds = models.PositiveIntegerField(
        default=900, help_text="Base time between fetches."
    )

    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_fetch_at = models.DateTimeField(default=timezone.now, db_index=True)
    failures = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error_kind = models.CharField(max_length=40, blank=True)
    last_error_message = models.CharField(max_length=500, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    items_total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def healthy(self) -> bool:
        return not self.last_error_kind

    def items_per_day(self, days: int = 7) -> float:
        since = timezone.now() - dt.timedelta(days=days)
        return round(self.items.filter(fetched_at__gte=since).count() / days, 1)


class Story(models.Model):
    """A real-world event: the items of every source that report it."""

    title = models.CharField(max_length=300)
    first_seen = models.DateTimeField(db_index=True)
    last_seen = models.DateTimeField(db_index=True)
    item_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    score = models.FloatField(default=0.0, db_index=True)
    explanation = models.CharField(max_length=300, blank=True)
    region = models.CharField(max_length=40, blank=True)
    section = models.CharField(max_length=40, blank=True)
    pinned = models.BooleanField(default=False)
    dismissed = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    added_slot = models.ForeignKey(
        "editions.Slot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-score"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title


class Item(models.Model):
    """One entry of one feed, normalised."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True, db_index=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    author = models.CharField(max_length=200, blank=True)
    image_url = models.URLField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(
        max_length=40, blank=True, help_text="From the item's category, else the source's."
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    class Meta:
        ordering = ["fetched_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="wire_item_guid_per_source")
        ]

    def __str__(self):
        return self.title

    @property
    def seen_at(self):
        return self.published_at or self.fetched_at
