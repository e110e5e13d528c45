from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from topten.lib.sanitize import clean_html


class Publication(models.Model):
    """The one publication this site runs. Created by `topten demo` or the first admin save."""

    name = models.CharField(max_length=120, default="Lisa's Top Ten")
    tagline = models.CharField(
        max_length=200, default="Home of Lisa's Top Ten, the daily email that brings you the world"
    )
    description = models.TextField(blank=True)
    legal_name = models.CharField(max_length=200, blank=True, help_text="Shown on receipts.")
    postal_address = models.TextField(
        blank=True, help_text="Shown in every newsletter footer (required by anti-spam law)."
    )
    timezone = models.CharField(max_length=64, default=settings.PUBLICATION_TIMEZONE)
    delivery_time = models.TimeField(
        default=settings.DEFAULT_DELIVERY_TIME, help_text="Default local delivery time."
    )
    from_email = models.EmailField(blank=True, help_text="Sender address of the newsletter.")
    reply_to = models.EmailField(blank=True)
    click_tracking = models.BooleanField(default=True)
    open_tracking = models.BooleanField(default=False)
    consent_text = models.TextField(
        default="I agree to receive the daily email. I can unsubscribe at any time with one click."
    )
    consent_version = models.CharField(max_length=20, default="1")
    donate_appeal = models.TextField(
        default="Lisa's Top Ten is free and has no ads. Readers like you keep it going."
    )
    currency = models.CharField(max_length=3, default="EUR")

    CACHE_KEY = "publication:current"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def current(cls) -> "Publication":
        pub = cache.get(cls.CACHE_KEY)
        if pub is None:
            pub = cls.objects.order_by("pk").first() or cls(pk=None)
            if pub.pk:
                cache.set(cls.CACHE_KEY, pub, 300)
        return pub


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("web:section", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("web:tag", args=[self.slug])


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("web:author", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def due(self):
        return self.filter(status=Article.Status.SCHEDULED, published_at__lte=timezone.now())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(blank=True, help_text="The one- or two-sentence summary.")
    body = models.TextField(help_text="HTML; sanitised when saved.")
    authors = models.ManyToManyField(Author, blank=True, related_name="articles")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    source_name = models.CharField(
        max_length=80, blank=True, help_text='The wire or outlet credited, e.g. "AFP".'
    )
    source_url = models.URLField(blank=True, help_text="Link to the original story.")
    republished_from = models.CharField(
        max_length=200, blank=True, help_text='e.g. "This article was first published by AFP."'
    )

    lead_image = models.ImageField(upload_to="articles/%Y/%m/", blank=True)
    lead_image_alt = models.CharField(max_length=250, blank=True)
    lead_image_caption = models.CharField(max_length=300, blank=True)
    lead_image_credit = models.CharField(max_length=200, blank=True)
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    share_total = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self.headline)
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("web:article", args=[self.slug])

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def rendition_url(self, width: int) -> str:
        name = self.renditions.get(str(width))
        if name:
            return settings.MEDIA_URL + name
        return self.lead_image.url if self.lead_image else ""

    def rendition_srcset(self, fmt: str = "jpg") -> str:
        """`srcset` of the lead image's renditions: fmt "jpg" or "webp"; "" when there are none."""
        prefix = "" if fmt == "jpg" else f"{fmt}:"
        widths = sorted(
            int(key[len(prefix) :])
            for key in self.renditions
            if key.startswith(prefix) and key[len(prefix) :].isdigit()
        )
        return ", ".join(
            f"{settings.MEDIA_URL}{self.renditions[f'{prefix}{w}']} {w}w" for w in widths
        )


def unique_slug(text: str) -> str:
    base = slugify(text)[:180] or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class ShareCount(models.Model):
    """Shares of one article on one network, counted through our /share/ endpoint."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_counts")
    network = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "network"], name="one_count_per_network")
        ]


class RelatedArticle(models.Model):
    """Precomputed related posts, refreshed when an article is published or edited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["article", "related"], name="related_once")]
