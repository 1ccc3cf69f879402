import uuid

import pytest
import time_machine

from cases import ratelimit

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
