"""The cache is an optimisation: when Redis is unreachable, compute instead of failing
(issue 16). Django's Redis backend has no "ignore exceptions" option, hence this wrapper."""

import logging

import redis.exceptions
from django.core.cache import cache

logger = logging.getLogger(__name__)

# A cache that is down or answers garbage; OSError covers a refused or reset socket.
CACHE_ERRORS = (redis.exceptions.RedisError, OSError)


def cache_get_or_compute(key: str, compute, *, timeout: int):
    """The cached value of ``key``, else ``compute()`` (stored if the cache is up)."""
    try:
        value = cache.get(key)
    except CACHE_ERRORS as error:
        logger.warning("cache unreachable, computing %s: %s: %s", key,
                       type(error).__name__, error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout)
        except CACHE_ERRORS as error:
            logger.warning("cache unreachable, not storing %s: %s: %s", key,
                           type(error).__name__, error)
    return value
