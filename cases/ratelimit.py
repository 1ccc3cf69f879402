"""Per-client rate limits counted in the shared Django cache, and the one rule for who the client is.

The default cache is Redis or the database (see settings), both shared by every web
process, so a limit holds however many processes serve the site. The counter is a fixed
window keyed by scope, client and window number; the client's address is hashed so no
IP address is stored as such.

The client's address: without a proxy (TRUSTED_PROXY_COUNT = 0) it is the connection's
peer, REMOTE_ADDR, and X-Forwarded-For is ignored whatever it says. Behind N trusted
proxies, each appends the address it received the request from, so the client is the N-th
entry counted from the right; entries further left were written by the client and are
never read. django-axes, allauth (reconciliation.accounts) and the limits here all use it.
"""

import hashlib
import ipaddress
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

UNKNOWN = "unknown"


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as the trusted proxies saw it, or "unknown" if it is not an address."""
    raw = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entries = [entry for entry in entries if entry]
        if entries:
            # Fewer entries than proxies: the request passed fewer hops than configured, and the
            # leftmost entry is the farthest one any of them recorded.
            raw = entries[-min(proxies, len(entries))]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return UNKNOWN
    # A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; they are IPv4 clients.
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_address(request: HttpRequest) -> str:
    """The client as limits and lockouts count it: its IPv4 address, or its IPv6 /64 network.

    An IPv6 client usually holds a whole /64 and could otherwise take a fresh address for
    every attempt.
    """
    ip = client_ip(request)
    if ip == UNKNOWN:
        return ip
    address = ipaddress.ip_address(ip)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return ip


class Verdict(NamedTuple):
    allowed: bool
    retry_after: int  # seconds until the current window ends


def parse_rate(rate: str) -> tuple[int, int]:
    """(requests allowed, window in seconds) from a rate such as "20/h"; ValueError otherwise."""
    count, _, unit = rate.strip().partition("/")
    if not count.isdigit() or unit not in PERIODS:
        raise ValueError(f"a rate looks like '20/h' (units s, m, h, d), not {rate!r}")
    return int(count), PERIODS[unit]


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
