"""Per-client rate limits counted in the shared Django cache.

The default cache is Redis or the database (see settings), both shared by every web
process, so a limit holds however many processes serve the site. The counter is a fixed
window keyed by scope, client and window number; the client's address is hashed so no
IP address is stored as such.
"""

import hashlib
import ipaddress
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Verdict(NamedTuple):
    allowed: bool
    retry_after: int  # seconds until the current window ends


def parse_rate(rate: str) -> tuple[int, int]:
    """(requests allowed, window in seconds) from a rate such as "20/h"; ValueError otherwise."""
    count, _, unit = rate.strip().partition("/")
    if not count.isdigit() or unit not in PERIODS:
        raise ValueError(f"a rate looks like '20/h' (units s, m, h, d), not {rate!r}")
    return int(count), PERIODS[unit]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the last hop of settings.CLIENT_IP_HEADER behind a proxy.

    IPv6 clients usually hold a whole /64, so they are counted by that prefix.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    raw = ""
    if header:
        # Only the last entry was written by our own proxy; earlier ones come from the client.
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").split(",")[-1].strip()
    raw = raw or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _window(key: str, period: int) -> tuple[str, float, int]:
    now = time.time()
    window = int(now // period)
    return f"ratelimit:{key}:{window}", now, window


def count(*, key: str, rate: str) -> Verdict:
    """Count one event under `key` in the current window; not allowed once the count passes the limit."""
    limit, period = parse_rate(rate)
    key, now, window = _window(key, period)
    # add() then incr(): atomic on Redis; on the database cache two racing requests may
    # count once, which only ever errs by a request or two.
    cache.add(key, 0, timeout=period + 1)
    try:
        current = cache.incr(key)
    except ValueError:  # the key expired or was evicted between add() and incr()
        cache.set(key, 1, timeout=period + 1)
        current = 1
    else:
        # The database cache's incr() rewrites the key with the default timeout; keep the window's.
        cache.touch(key, timeout=period + 1)
    return Verdict(allowed=current <= limit, retry_after=max(1, int((window + 1) * period - now)))


def peek(*, key: str, rate: str) -> Verdict:
    """Whether one more event under `key` would be allowed now, without counting it."""
    limit, period = parse_rate(rate)
    key, now, window = _window(key, period)
    current = cache.get(key) or 0
    return Verdict(allowed=current < limit, retry_after=max(1, int((window + 1) * period - now)))


def client_key(request: HttpRequest, scope: str) -> str:
    """The counter key of this client in `scope`; the address only as a hash."""
    return f"{scope}:{hashlib.sha256(client_address(request).encode()).hexdigest()[:32]}"


def hit(request: HttpRequest, *, scope: str, rate: str) -> Verdict:
    """Count one request of this client in `scope`; not allowed once the window's count passes the limit."""
    return count(key=client_key(request, scope), rate=rate)
