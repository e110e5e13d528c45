from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.utils.feedgenerator import Rss201rev2Feed

from topten.editions.models import Edition

PUBLIC = [Edition.Status.SENDING, Edition.Status.SENT]


class EditionsFeed(Feed):
    """RSS 2.0 of the sent editions, newest first, each with its ten stories."""

    feed_type = Rss201rev2Feed

    def title(self):
        from topten.newsroom.models import Publication

        return f"{Publication.current().name}: editions"

    def description(self):
        from topten.newsroom.models import Publication

        return Publication.current().tagline

    def link(self):
        return "/editions/"

    def items(self):
        return (
            Edition.objects.filter(status__in=PUBLIC, newsletter="daily")
            .prefetch_related("slots__sources")
            .order_by("-date")[:30]
        )

    def item_title(self, item):
        return item.subject

    def item_description(self, item):
        return render_to_string("editions/feed_item.html", {"edition": item})

    def item_pubdate(self, item):
        return item.scheduled_at or item.created_at

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    item_guid_is_permalink = True
