import pytest
from django.core.management import call_command

from topten.wire.models import Item, Source, Story
from topten.wire.samples import OUTLETS

pytestmark = pytest.mark.django_db


def add_samples(server):
    for outlet in OUTLETS:
        Source.objects.create(
            name=outlet.name,
            feed_url=f"{server.url}/sample/{outlet.slug}",
            kind=outlet.kind,
            trust=outlet.trust,
            region=outlet.region,
        )


class TestIngest:
    def test_one_pass_ingests_and_clusters_the_sample_feeds(self, feed_server, capsys):
        add_samples(feed_server)
        call_command("wire", "ingest", "--once")
        assert "fetched 7 source(s)" in capsys.readouterr().out
        assert Item.objects.count() == sum(len(o.events) for o in OUTLETS)
        assert not Item.objects.filter(story__isnull=True).exists()

    def test_each_fictional_event_becomes_one_story(self, feed_server):
        add_samples(feed_server)
        call_command("wire", "ingest", "--once")
        for key in ("quake-varno", "quake-ostrel", "bank-lumen", "bank-corvia", "bridge-arlen"):
            stories = set(
                Item.objects.filter(guid__endswith=":" + key).values_list("story_id", flat=True)
            )
            assert len(stories) == 1, key
        varno = Item.objects.filter(guid__endswith=":quake-varno").first().story
        ostrel = Item.objects.filter(guid__endswith=":quake-ostrel").first().story
        assert varno != ostrel

    def test_a_republished_wire_copy_counts_once_with_every_outlet_credited(self, feed_server):
        add_samples(feed_server)
        call_command("wire", "ingest", "--once")
        copies = Item.objects.filter(guid__endswith=":quake-varno", duplicate_of__isnull=False)
        assert {c.source.name for c in copies} == {
            "Northgate Post (sample)",
            "Copper Valley Times (sample)",
        }
        story = copies.first().story
        assert story.source_count == 4  # Meridian, Northgate, Harbour, Copper Valley

    def test_a_second_pass_adds_nothing(self, feed_server):
        add_samples(feed_server)
        call_command("wire", "ingest", "--once")
        count = Item.objects.count()
        call_command("wire", "ingest", "--once", "--all")
        assert Item.objects.count() == count
        assert Story.objects.filter(item_count__gt=0).count() == 15

    def test_after_a_restart_new_coverage_joins_the_stories_already_made(self, feed_server):
        from topten.wire import engine

        for outlet in OUTLETS[:-1]:
            Source.objects.create(
                name=outlet.name,
                feed_url=f"{feed_server.url}/sample/{outlet.slug}",
                kind=outlet.kind,
            )
        call_command("wire", "ingest", "--once")
        stories = Story.objects.filter(item_count__gt=0).count()
        engine.reset()  # a new worker process: the clusterer is rebuilt from the database
        last = OUTLETS[-1]
        Source.objects.create(
            name=last.name, feed_url=f"{feed_server.url}/sample/{last.slug}", kind=last.kind
        )
        call_command("wire", "ingest", "--once")
        assert Story.objects.filter(item_count__gt=0).count() == stories
        assert Item.objects.filter(source__name=last.name, story__isnull=False).count() == len(
            last.events
        )
