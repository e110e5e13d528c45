"""A Redis cache that keeps the site up when Redis is down.

Django's `RedisCache` raises on every call while Redis is unreachable, so an outage of a
cache turns into 500s on every page (the publication itself is read through the cache).
`ResilientRedisCache` treats an unreachable Redis as an empty cache that stores nothing:
reads miss and fall through to the database, writes are dropped, and throttles fail open
(an outage must not lock readers out of the sign-up form). After a failure it skips Redis
for `RETRY_SECONDS` so that each request does not wait for a connect timeout, then tries
again by itself. Every failure window is logged once.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        params = dict(params)
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        options.update(params.get("OPTIONS") or {})
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, fallback, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = method(*args, **kwargs)
        except Exception as exc:
            import redis

            if not isinstance(exc, redis.RedisError):
                raise
            if not self._down_until:
                log.warning("cache: Redis unavailable (%s); serving without it", exc)
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            return fallback
        if self._down_until:
            log.warning("cache: Redis is back")
            self._down_until = 0.0
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: a caller that deduplicates with add() (share counting) counts the event.
        return self._call(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A throttle counting with incr() sees its first hit: it fails open.
        return self._call(delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)
