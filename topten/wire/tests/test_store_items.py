import datetime as dt

import pytest

from topten.wire import actions
from topten.wire.models import Item, Source
from topten.wire.parsing import ParsedItem

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def parsed(guid, link, title="A headline about Varno"):
    return ParsedItem(title=title, link=link, guid=guid, published=NOW)


class TestStoreItems:
    def test_a_guid_repeated_in_one_feed_is_stored_once(self):
        source = Source.objects.create(name="a", feed_url="https://a.example/feed")
        created = actions.store_items(
            source, [parsed("g1", "https://a.example/1"), parsed("g1", "https://a.example/1")], NOW
        )
        assert created == 1

    def test_the_same_url_from_another_source_is_a_copy_of_the_first(self):
        first = Source.objects.create(name="a", feed_url="https://a.example/feed")
        second = Source.objects.create(name="b", feed_url="https://b.example/feed")
        actions.store_items(first, [parsed("a1", "https://news.example/story")], NOW)
        actions.store_items(second, [parsed("b1", "https://news.example/story")], NOW)
        copy = Item.objects.get(source=second)
        assert copy.duplicate_of == Item.objects.get(source=first)

    def test_a_category_that_names_a_section_sets_the_items_section(self):
        source = Source.objects.create(name="a", feed_url="https://a.example/feed", section="world")
        item = parsed("a1", "https://a.example/1")
        item.categories = ("Joe Bloggs", "Business")
        actions.store_items(source, [item, parsed("a2", "https://a.example/2")], NOW)
        assert dict(Item.objects.values_list("guid", "section")) == {
            "a1": "business",
            "a2": "world",
        }
