"""Fixtures every test shares: the cast of users, and the rules for tests needing services.

Tests marked postgres, redis or browser skip on a developer's machine without that
service, and fail in CI (CI=true), where every one of them must run.
"""

import importlib
import os
import shutil
import socket
import subprocess
import time
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


# A byte string our test clamd reports as malware (split, so this file itself is clean).
CLAMAV_TEST_SIGNATURE = b"TATULASU-TEST-" + b"MALWARE-SIGNATURE"


@pytest.fixture
def clamd_socket(tmp_path):
    """A real clamd on a unix socket, with one signature of our own (no virus database needed)."""
    binary = CLAMD
    database = tmp_path / "db"
    database.mkdir()
    (database / "tatulasu.ndb").write_text(f"Tatulasu.Test.Signature:0:*:{CLAMAV_TEST_SIGNATURE.hex()}\n")
    sock = tmp_path / "clamd.sock"
    config = tmp_path / "clamd.conf"
    config.write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {database}\nForeground yes\nLogFile {tmp_path / 'clamd.log'}\n"
        "User root\nStreamMaxLength 30M\n"
    )
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(str(sock))
                break
            except OSError:
                time.sleep(0.05)  # waiting for a real daemon to bind its socket, not for time to pass
        else:
            pytest.fail("clamd did not start")
        yield str(sock)
    finally:
        process.terminate()
        process.wait(timeout=10)


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
def operator(db):  # type: ignore[no-untyped-def]
    """The IT operator: a superuser, who needs no role group (but a second factor, as all the back office)."""
    user = UserFactory(username="operator", is_staff=True, is_superuser=True)
    add_totp(user)
    return user


@pytest.fixture
def citizen(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="citizen", email="citizen@example.kz")


@pytest.fixture
def world(center_a, center_b, staff_a, staff_b, mediator_user, official, citizen, groups):  # type: ignore[no-untyped-def]
    """One row of every model the admin shows, for center A and for center B.

    Center A's rows belong to `mediator_user` (their dispute, hearing, availability…) and
    A's dispute was filed by `citizen`; center B's belong to another mediator. Models that
    are not a center's (accounts, lockouts) have one row, the same on both sides.
    Returns {"a": {label: obj}, "b": {label: obj}} with labels like "cases.dispute".
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from cases.events import Action, record_event
    from cases.models import Attachment, Feedback, Notification, NumberSequence, Party, SettlementAgreement
    from mediators.models import Mediator, TimeOff, TrainingRecord

    from .factories import AvailabilityFactory, DisputeFactory, HearingFactory, PartyFactory, RoomFactory

    other_mediator_user = _with_group(UserFactory(username="mediator_b"), groups, MEDIATOR_GROUP)
    mediators = {
        "a": Mediator.objects.get(user=mediator_user),
        "b": MediatorFactory(user=other_mediator_user, center=center_b, full_name="Berik Other-Center"),
    }
    now = timezone.now()
    sides = {}
    for side, center in (("a", center_a), ("b", center_b)):
        mediator = mediators[side]
        room = RoomFactory(center=center, name=f"Room of {side.upper()}")
        dispute = DisputeFactory(
            center=center,
            mediator=mediator,
            number=f"{center.region.prefix}-2026-000001",
            status="in_mediation",
            filed_by=citizen if side == "a" else None,
        )
        applicant = PartyFactory(dispute=dispute, role=Party.Role.APPLICANT, name=f"Applicant {side.upper()}")
        PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, name=f"Respondent {side.upper()}")
        attachment = Attachment(
            dispute=dispute, original_name=f"claim-{side}.pdf", content_type="application/pdf", size=13, sha256="0" * 64
        )
        attachment.file.save(f"claim-{side}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        attachment.save()
        sides[side] = {
            "centers.region": center.region,
            "centers.tradeunionassociation": center.association,
            "centers.center": center,
            "centers.room": room,
            "mediators.mediator": mediator,
            "mediators.availability": AvailabilityFactory(mediator=mediator),
            "mediators.timeoff": TimeOff.objects.create(mediator=mediator, start=now, end=now + timezone.timedelta(1)),
            "mediators.trainingrecord": TrainingRecord.objects.create(
                mediator=mediator, course="General course", hours=72, completed_on=now.date()
            ),
            "cases.dispute": dispute,
            "cases.party": applicant,
            "cases.attachment": attachment,
            "cases.caseevent": record_event(dispute=dispute, action=Action.DISPUTE_SUBMITTED, actor_role="applicant"),
            "cases.hearing": HearingFactory(dispute=dispute, mediator=mediator, room=room),
            "cases.notification": Notification.objects.create(
                dispute=dispute,
                party=applicant,
                kind="dispute_received",
                channel="email",
                recipient=applicant.email,
                language="kk",
                context={"access_code": f"SECRET-CODE-{side.upper()}"},
            ),  # fmt: skip
            "cases.settlementagreement": SettlementAgreement.objects.create(
                dispute=dispute, terms="Pays in May.", signed_on=now.date(), document=attachment
            ),
            "cases.feedback": Feedback.objects.create(dispute=dispute, party=applicant, rating=4, comment="Fair."),
            "cases.numbersequence": NumberSequence.objects.create(prefix=center.region.prefix, year=2026, last=1),
        }
    base = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": "x", "http_accept": "*/*", "path_info": "/"}
    shared = {
        "auth.group": groups[STAFF_GROUP],
        "auth.user": citizen,
        # The cache handler of django-axes writes none of these rows; bulk_create skips its signal.
        "axes.accessattempt": AccessAttempt.objects.bulk_create(
            [AccessAttempt(**base, get_data="", post_data="", failures_since_start=1)]
        )[0],
        "axes.accesslog": AccessLog.objects.bulk_create([AccessLog(**base)])[0],
        "axes.accessfailurelog": AccessFailureLog.objects.bulk_create([AccessFailureLog(**base)])[0],
        "account.emailaddress": EmailAddress.objects.create(user=citizen, email=citizen.email, verified=True),
        "mfa.authenticator": RecoveryCodes.activate(citizen).instance,
    }
    for side in sides.values():
        side.update(shared)
    return sides
