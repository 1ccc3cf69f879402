"""Fixtures every test shares: the cast of users, and the rules for tests needing services.

Tests marked postgres, redis or browser skip on a developer's machine without that
service, and fail in CI (CI=true), where every one of them must run.
"""

import importlib
import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cases.access import MEDIATOR_GROUP, OVERSIGHT_GROUP, STAFF_GROUP, ensure_role_groups

from .factories import CenterFactory, MediatorFactory, UserFactory, add_totp

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
# Debian puts clamd in /usr/sbin, which a non-root PATH may lack.
CLAMD = shutil.which("clamd", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/usr/local/sbin")
REDIS_SERVER = shutil.which("redis-server")
JAVA = shutil.which("java")
VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing_service(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL)"
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        return "needs Redis (set REDIS_URL)"
    if item.get_closest_marker("browser") and not CHROMIUM:
        return "needs Chromium (apt-get install chromium)"
    if item.get_closest_marker("clamav") and not CLAMD:
        return "needs clamd (apt-get install clamav-daemon)"
    if item.get_closest_marker("redis_server") and not REDIS_SERVER:
        return "needs redis-server (apt-get install redis-server)"
    if item.get_closest_marker("html_validator") and not (JAVA and VNU_JAR.is_file()):
        return "needs Java and vnu-jar (apt-get install default-jre-headless; make install)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing_service(item)
    if reason:
        if IN_CI:
            pytest.fail(f"{reason}: required when CI=true", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _regions_survive_flushes(request):  # type: ignore[no-untyped-def]
    """Give transactional tests the 20 regions the data migration loaded.

    A transactional test empties every table when it ends, so whichever test runs next
    on that database would otherwise find no regions.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if transactional:
        request.getfixturevalue("transactional_db")
        from django.apps import apps

        importlib.import_module("centers.migrations.0002_regions").load_regions(apps, None)


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):  # type: ignore[no-untyped-def]
    """Give each test cache keys of its own: rate limits, lockouts and used TOTP codes start at zero.

    With Redis the cache outlives a test (and holds the Celery broker, so it is never
    cleared); a key prefix apart also keeps parallel workers apart.
    """
    settings.CACHES = {alias: {**config, "KEY_PREFIX": uuid.uuid4().hex} for alias, config in settings.CACHES.items()}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploaded files of a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def fast_passwords(settings):  # type: ignore[no-untyped-def]
    """A fast hasher for tests that set and check many passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def groups(db):  # type: ignore[no-untyped-def]
    return ensure_role_groups()


@pytest.fixture
def center_a(db):  # type: ignore[no-untyped-def]
    return CenterFactory(name="Center A", name_en="Center A", slug="center-a")


@pytest.fixture
def center_b(db):  # type: ignore[no-untyped-def]
    from centers.models import Region

    from .factories import AssociationFactory

    return CenterFactory(
        name="Center B",
        name_en="Center B",
        slug="center-b",
        association=AssociationFactory(region=Region.objects.get(code="KZ-75")),
    )


def _with_group(user, groups, name):  # type: ignore[no-untyped-def]
    user.is_staff = True
    user.save()
    user.groups.add(groups[name])
    add_totp(user)  # the back office asks everyone in it for a second factor
    return user


@pytest.fixture
def staff_a(groups, center_a):  # type: ignore[no-untyped-def]
    user = _with_group(UserFactory(username="staff_a"), groups, STAFF_GROUP)
    center_a.staff.add(user)
    return user


@pytest.fixture
def staff_b(groups, center_b):  # type: ignore[no-untyped-def]
    user = _with_group(UserFactory(username="staff_b"), groups, STAFF_GROUP)
    center_b.staff.add(user)
    return user


@pytest.fixture
def mediator_user(groups, center_a):  # type: ignore[no-untyped-def]
    user = _with_group(UserFactory(username="mediator"), groups, MEDIATOR_GROUP)
    MediatorFactory(user=user, center=center_a, full_name="Aigerim Mediator")
    return user


@pytest.fixture
def official(groups):  # type: ignore[no-untyped-def]
    return _with_group(UserFactory(username="official"), groups, OVERSIGHT_GROUP)


@pytest.fixture
def citizen(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="citizen", email="citizen@example.kz")
