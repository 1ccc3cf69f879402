import uuid

import pytest
import time_machine

from cases import ratelimit

from ..factories import with_verified_email

pytestmark = pytest.mark.django_db


def test_it_holds_the_limit_for_the_whole_window_on_the_database_cache():
    # The database cache's incr() would otherwise reset the key to the 5-minute default.
    key = f"test:{uuid.uuid4().hex}"
    with time_machine.travel("2026-11-26 10:00:10 +05:00", tick=False) as clock:
        assert [ratelimit.count(key=key, rate="3/h").allowed for _ in range(3)] == [True, True, True]
        clock.shift(6 * 60)
        assert not ratelimit.count(key=key, rate="3/h").allowed
        clock.shift(60 * 60)  # the next hour's window
        assert ratelimit.count(key=key, rate="3/h").allowed


def test_it_refuses_a_malformed_rate():
    with pytest.raises(ValueError):
        ratelimit.parse_rate("many/h")


# --- Who the client is: one rule for the limits, django-axes, allauth and logs ----------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "remote", "client"),
    [
        (0, "", "203.0.113.7", "203.0.113.7"),
        (0, "198.51.100.1", "203.0.113.7", "203.0.113.7"),  # forged: nobody was asked to trust it
        (1, "198.51.100.1", "10.0.0.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "10.0.0.1", "198.51.100.1"),  # the client wrote the first entry
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "10.0.0.1", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.1", "198.51.100.1"),  # fewer hops than proxies: the farthest one seen
        (1, "", "10.0.0.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1", "unknown"),
        (0, "", "::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 through a dual-stack socket
        (0, "", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ],
)
def test_the_client_is_read_from_the_right_past_the_trusted_proxies(
    rf, settings, proxies, forwarded_for, remote, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert ratelimit.client_address(request) == client


def test_axes_and_allauth_ask_the_same_rule(rf, settings):
    from allauth.account.adapter import get_adapter
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")

    assert get_client_ip_address(request) == get_adapter(request).get_client_ip(request) == "198.51.100.1"


class TestLockouts:
    """Failed sign-ins lock out one account at one client address, whatever X-Forwarded-For says."""

    @pytest.fixture(autouse=True)
    def _setup(self, settings, citizen, fast_passwords):  # type: ignore[no-untyped-def]
        settings.AXES_FAILURE_LIMIT = 3
        with_verified_email(citizen, "the right password")

    def _sign_in(self, client, citizen, password, **meta):  # type: ignore[no-untyped-def]
        return client.post("/accounts/login/", {"login": citizen.email, "password": password}, **meta)

    def test_without_a_proxy_forged_headers_neither_spread_nor_escape_a_lockout(self, client, citizen):
        attacker = {"REMOTE_ADDR": "203.0.113.66"}
        for forged in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
            self._sign_in(client, citizen, "wrong", HTTP_X_FORWARDED_FOR=forged, **attacker)

        locked = self._sign_in(client, citizen, "the right password", HTTP_X_FORWARDED_FOR="192.0.2.1", **attacker)
        assert locked.status_code == 429
        # The address the attacker forged is the real user's: they still sign in.
        real_user = self._sign_in(client, citizen, "the right password", REMOTE_ADDR="198.51.100.1")
        assert real_user.status_code == 302

    def test_behind_one_proxy_the_lockout_keys_on_the_rightmost_entry(self, client, citizen, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        for forged in ("6.6.6.1", "6.6.6.2", "6.6.6.3"):
            self._sign_in(client, citizen, "wrong", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.66", **proxy)

        locked = self._sign_in(client, citizen, "the right password", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
        assert locked.status_code == 429
        other = self._sign_in(
            client, citizen, "the right password", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.1", **proxy
        )
        assert other.status_code == 302
