import pytest
from django.core.management import call_command

from topten.wire import engine
from topten.wire.models import Source
from topten.wire.samples import OUTLETS

pytestmark = pytest.mark.django_db


class TestEngineCache:
    def test_the_clusterer_is_kept_between_passes_of_one_worker(self, feed_server, monkeypatch):
        for outlet in OUTLETS:
            Source.objects.create(
                name=outlet.name, feed_url=f"{feed_server.url}/sample/{outlet.slug}"
            )
        call_command("wire", "ingest", "--once")
        rebuilds = []
        original = engine.Engine.rebuild
        monkeypatch.setattr(
            engine.Engine, "rebuild", classmethod(lambda cls: rebuilds.append(1) or original())
        )
        # A mirror serves the same links: its items are copies, stored straight into the stories.
        Source.objects.create(
            name="mirror", feed_url=f"{feed_server.url}/sample/meridian-wire?mirror=1"
        )
        call_command("wire", "ingest", "--once")
        call_command("wire", "ingest", "--once", "--all")
        assert (
            Source.objects.get(name="mirror").items.filter(duplicate_of__isnull=False).count() == 8
        )
        assert rebuilds == []

    def test_the_clusterer_is_rebuilt_when_another_process_moved_on(self, feed_server):
        Source.objects.create(name="m", feed_url=f"{feed_server.url}/sample/meridian-wire")
        call_command("wire", "ingest", "--once")
        first = engine.get_engine()
        engine._engine.last_item_id -= 1  # as if another worker had clustered an item
        assert engine.get_engine() is not first
