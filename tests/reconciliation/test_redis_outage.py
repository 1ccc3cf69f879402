"""Redis stopped or hung: filing, tracking and signing in go on, and limits and lockouts still hold.

Each test runs against a Redis of its own: a redis-server that answered and was then killed
(its connections die under the pool), or a port that accepts and never answers. Every call
is bounded by settings.REDIS_TIMEOUT_SECONDS, so these tests end without a timer of their own.
"""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from cases import tracking
from cases.models import Dispute, Notification, hash_access_code, new_access_code

from ..cases.intake_samples import valid_post
from ..factories import DisputeFactory, add_totp, totp_code, with_verified_email
from .outage import HungListener, RedisServer, redis_at

pytestmark = [pytest.mark.django_db, pytest.mark.redis_server, pytest.mark.usefixtures("fast_passwords")]

PASSWORD = "correct horse battery staple"


@pytest.fixture(params=["stopped", "hung"])
def outage(request, settings):  # type: ignore[no-untyped-def]
    """The cache and the broker on a Redis that is down (it answered, then died) or hangs."""
    if request.param == "stopped":
        server = RedisServer()
        with redis_at(server.url, settings):
            cache.set("warm", "up")  # the pool now holds a connection that is about to die
            assert cache.get("warm") == "up"
            server.stop()
            yield request.param
    else:
        listener = HungListener()
        try:
            with redis_at(listener.url, settings):
                yield request.param
        finally:
            listener.stop()


def test_filing_saves_the_dispute_and_its_messages_wait_in_the_outbox(
    client, center_a, outage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as nudges:
        response = client.post(reverse("file_dispute"), valid_post(center_a))

    assert response.status_code == 302
    assert response["Location"] == reverse("dispute_filed")
    dispute = Dispute.objects.get()
    assert nudges, "the nudge to a worker was attempted after the commit"
    waiting = Notification.objects.filter(dispute=dispute)
    assert waiting.exists()
    assert set(waiting.values_list("state", flat=True)) == {Notification.State.PENDING}
    assert client.get(response["Location"]).status_code == 200


def test_tracking_opens_the_case(client, center_a, outage):
    code = new_access_code()
    dispute = DisputeFactory(center=center_a, access_code_hash=hash_access_code(code))

    response = client.post(reverse("track"), {"number": dispute.number, "access_code": code})

    assert response.status_code == 302
    assert client.session[tracking.SESSION_KEY]
    assert client.get(reverse("track_case")).status_code == 200


def test_a_citizen_signs_in(client, citizen, outage):
    with_verified_email(citizen)

    response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(citizen.pk)
    assert client.get("/my/").status_code == 200


def test_staff_sign_in_to_the_admin_with_the_second_factor(client, staff_a, outage):
    with_verified_email(staff_a)
    secret = add_totp(staff_a)

    sign_in = client.get("/admin/login/?next=/admin/")
    client.post(sign_in["Location"], {"login": staff_a.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_used_authenticator_code_is_still_refused_a_second_time(client, staff_a, outage):
    # allauth remembers used codes in the cache: the database stands in for Redis.
    with_verified_email(staff_a)
    code = totp_code(add_totp(staff_a))
    client.post("/accounts/login/", {"login": staff_a.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": code})
    client.logout()

    client.post("/accounts/login/", {"login": staff_a.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": code})

    assert SESSION_KEY not in client.session


def test_rate_limits_still_hold(client, outage, settings):
    settings.TRACKING_RATE_LIMIT = "2/h"
    answers = [client.post(reverse("track"), {"number": "x", "access_code": "y"}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_login_lockouts_still_hold(client, citizen, outage, settings):
    settings.AXES_FAILURE_LIMIT = 3
    with_verified_email(citizen)
    for _ in range(3):
        client.post("/accounts/login/", {"login": citizen.email, "password": "wrong password"})

    response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})

    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_health_check_says_so(client, outage):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "error"


def test_every_redis_call_is_bounded_by_a_short_timeout():
    assert 0 < settings.REDIS_TIMEOUT_SECONDS <= 1
    if settings.REDIS_URL:
        options = settings.CACHES["default"]["OPTIONS"]
        assert options["socket_connect_timeout"] <= 1 and options["socket_timeout"] <= 1
        transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        assert transport["socket_connect_timeout"] <= 1 and transport["socket_timeout"] <= 1
        assert transport["max_retries"] == 0
        assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 1
    assert settings.CELERY_TASK_PUBLISH_RETRY is False
