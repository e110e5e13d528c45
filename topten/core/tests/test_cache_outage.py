"""A Redis outage degrades the site to "no cache"; it does not take pages down."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient

from topten.lib.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def _caches(location):
    return {
        "default": {"BACKEND": "topten.lib.cache.ResilientRedisCache", "LOCATION": location},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = _caches(f"redis://127.0.0.1:{_closed_port()}/0")
    yield caches["default"]


def test_pages_are_served_while_redis_is_down(client, dead_redis):
    from topten.newsroom.models import Publication

    Publication.objects.create(name="Outage Daily", tagline="Still here")
    response = client.get("/")
    assert response.status_code == 200
    assert b"Outage Daily" in response.content


def test_calls_fall_back_and_throttles_fail_open(dead_redis):
    assert dead_redis.get("k", "fallback") == "fallback"
    assert dead_redis.get_many(["a", "b"]) == {}
    assert dead_redis.add("k", 1) is True
    assert dead_redis.incr("k") == 1
    assert dead_redis.has_key("k") is False
    dead_redis.set("k", 1)
    dead_redis.delete("k")


def test_an_outage_is_not_retried_on_every_call(dead_redis, monkeypatch):
    calls = []
    real_get = RedisCacheClient.get

    def counting_get(self, key, default):
        calls.append(key)
        return real_get(self, key, default)

    monkeypatch.setattr(RedisCacheClient, "get", counting_get)
    for _ in range(5):
        dead_redis.get("k")
    assert len(calls) == 1
    monkeypatch.setattr(ResilientRedisCache, "RETRY_SECONDS", 0.0)
    dead_redis._down_until = 1.0  # the window has passed: the next call tries again
    dead_redis.get("k")
    assert len(calls) == 2


def test_other_errors_still_raise(dead_redis, monkeypatch):
    def broken(self, key, default):
        raise TypeError("a bug, not an outage")

    monkeypatch.setattr(RedisCacheClient, "get", broken)
    with pytest.raises(TypeError):
        dead_redis.get("k")


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_a_running_redis_is_used(settings):
    settings.CACHES = _caches("redis://127.0.0.1:6379/15")
    cache = caches["default"]
    key = f"topten-test-{uuid.uuid4().hex}"
    cache.set(key, {"n": 1}, 30)
    assert cache.get(key) == {"n": 1}
    assert cache.add(key, 2) is False
    cache.delete(key)
    assert cache.get(key) is None
