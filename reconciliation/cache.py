"""The shared cache: Redis, and the database cache for a while whenever Redis does not answer.

Rate limits, login lockouts (django-axes), allauth's limits and its record of used TOTP
codes all live in the default cache. When Redis is down (refused) or hangs (no answer
within REDIS_TIMEOUT_SECONDS), a call gives up, and this process uses the database cache
for the next RETRY_AFTER_SECONDS before it tries Redis again. The limits keep holding,
shared by every process through the database, rather than failing open or failing the
request: filing, tracking and signing in go on. What was counted in Redis before the
outage is not seen during it, and what is counted during it is forgotten after it, so an
attacker gains at most one window's worth of attempts per outage.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30.0
# The methods RedisCache implements; everything else (get_or_set, decr, the async ones...) calls these.
_OPERATIONS = (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear",
)  # fmt: skip

# When each Redis server last failed, shared by every thread of the process (caches are per thread).
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class RedisWithDatabaseFallback(RedisCache):
    """RedisCache that turns to OPTIONS["FALLBACK"] (a cache configuration) while Redis does not answer."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self._fallback_config = options.pop("FALLBACK")
        super().__init__(server, {**params, "OPTIONS": options})
        self._server_key = server

    @cached_property
    def fallback(self) -> BaseCache:
        config = self._fallback_config
        # The same namespace and lifetimes as the Redis keys, so each test's KEY_PREFIX holds here too.
        params = {**config, "KEY_PREFIX": self.key_prefix, "VERSION": self.version, "TIMEOUT": self.default_timeout}
        return import_string(config["BACKEND"])(config.get("LOCATION", ""), params)

    def redis_is_resting(self) -> bool:
        return _down_until.get(self._server_key, 0.0) > time.monotonic()

    def _rest_redis(self, error: Exception) -> None:
        with _lock:
            already = self.redis_is_resting()
            _down_until[self._server_key] = time.monotonic() + RETRY_AFTER_SECONDS
        if not already:
            logger.warning(
                "Redis did not answer (%s); the cache uses the database for %.0f s",
                type(error).__name__,
                RETRY_AFTER_SECONDS,
            )


def _with_fallback(name: str) -> Callable[..., Any]:
    redis_operation = getattr(RedisCache, name)

    def operation(self: RedisWithDatabaseFallback, *args: Any, **kwargs: Any) -> Any:
        if not self.redis_is_resting():
            try:
                return redis_operation(self, *args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as error:
                self._rest_redis(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_operation.__doc__
    return operation


for _name in _OPERATIONS:
    setattr(RedisWithDatabaseFallback, _name, _with_fallback(_name))


def database_cache_tables() -> list[str]:
    """The tables of every database cache the settings use, the fallback of the Redis cache included."""
    tables = []
    for config in settings.CACHES.values():
        for candidate in (config, config.get("OPTIONS", {}).get("FALLBACK") or {}):
            backend = candidate.get("BACKEND")
            if backend and issubclass(import_string(backend), DatabaseCache) and candidate["LOCATION"] not in tables:
                tables.append(candidate["LOCATION"])
    return tables
