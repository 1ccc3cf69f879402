import hashlib
import re
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import events, tracking
from cases.events import Action, record_event
from cases.models import Attachment, CaseEvent, Party, hash_access_code, new_access_code

from ..factories import DisputeFactory, HearingFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db

TRACK = "/track/"
CASE = "/track/case/"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["tatulasu_language"] = "en"


DEFAULT_KEY = django_settings.SECRET_KEY


@pytest.fixture
def code():
    return new_access_code()


@pytest.fixture
def dispute(center_a, code):
    dispute = DisputeFactory(center=center_a, access_code_hash=hash_access_code(code), status="under_review")
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT, name="Aliya Applicant", identifier="850101300012")
    PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, name="TOO Employer", identifier="")
    return dispute


def _attach(dispute, *, name="agreement.pdf", shared=True, data=b"%PDF-1.4 test", from_applicant=False):
    attachment = Attachment(
        dispute=dispute,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        shared_with_parties=shared,
        from_applicant=from_applicant,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _look_up(client, number, code, **extra):
    return client.post(TRACK, {"number": number, "access_code": code}, **extra)


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _without_typed(response, number: str, code: str) -> str:
    """The page with the two typed values blanked out (they are shown back as typed)."""
    html = re.sub(r'name="(number|access_code)" value="[^"]*"', r'name="\1"', _without_csrf(response))
    return html.replace(number, "").replace(code, "")


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_right_number_and_code_open_the_case(client, dispute, code):
    response = _look_up(client, dispute.number, code)
    assert response.status_code == 302
    assert response["Location"] == CASE
    assert client.session[tracking.SESSION_KEY] == [dispute.pk]
    page = _text(client.get(CASE))
    assert dispute.number in page
    assert "Under review" in page
    assert "The center is reviewing the dispute" in page
    assert "Center A" in page
    assert dispute.center.email in page


def test_the_code_may_be_typed_loosely(client, dispute, code):
    loose = code.replace("-", " ").lower()
    assert _look_up(client, f" {dispute.number.lower()} ", loose).status_code == 302


def test_the_code_may_be_typed_on_a_cyrillic_keyboard(client, dispute):
    dispute.access_code_hash = hash_access_code("KMHP-TEST")
    dispute.save()
    assert _look_up(client, dispute.number, "КМНР-ТЕЅТ".replace("Ѕ", "S")).status_code == 302


def test_the_session_key_changes_when_a_case_is_opened(client, dispute, code):
    client.get(TRACK)
    client.session.save()
    before = client.session.session_key
    _look_up(client, dispute.number, code)
    assert client.session.session_key != before


def test_a_wrong_number_and_a_wrong_code_look_exactly_the_same(client, dispute, code):
    other = DisputeFactory()
    wrong_number = _look_up(client, "AST-2026-999999", code)
    another_code = new_access_code()
    wrong_code = _look_up(client, dispute.number, another_code)
    someone_elses_code = _look_up(client, other.number, code)
    assert wrong_number.status_code == wrong_code.status_code == someone_elses_code.status_code == 200
    pages = [
        _without_typed(wrong_number, "AST-2026-999999", code),
        _without_typed(wrong_code, dispute.number, another_code),
        _without_typed(someone_elses_code, other.number, code),
    ]
    assert pages[0] == pages[1] == pages[2]
    assert "We found no case with this number and access code" in _text(wrong_number)
    assert tracking.SESSION_KEY not in client.session


def test_a_wrong_character_keeps_both_fields_as_typed(client, dispute, code):
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")

    html = _look_up(client, f"{dispute.number} ", typo).content.decode()

    assert f'name="number" value="{dispute.number} "' in html
    assert f'name="access_code" value="{typo}"' in html


def test_a_wrong_number_costs_the_same_database_work_as_a_wrong_code(client, dispute, code):
    _look_up(client, "warm-up", "warm-up")
    with CaptureQueriesContext(connection) as wrong_number:
        _look_up(client, "AST-2026-999999", code)
    with CaptureQueriesContext(connection) as wrong_code:
        _look_up(client, dispute.number, "AAAA-BBBB")
    shape = lambda queries: [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", q["sql"]) for q in queries]  # noqa: E731
    assert shape(wrong_number.captured_queries) == shape(wrong_code.captured_queries)
    assert any("access_code_hash" in sql for sql in shape(wrong_number.captured_queries))


def test_the_finder_always_compares_a_hash(monkeypatch, dispute):
    compared = []
    real = tracking.secrets.compare_digest
    monkeypatch.setattr(tracking.secrets, "compare_digest", lambda a, b: compared.append(1) or real(a, b))
    assert tracking.find_dispute(number="NOPE-1", access_code="x") is None
    unknown_number = len(compared)
    assert tracking.find_dispute(number=dispute.number, access_code="x") is None
    assert unknown_number > 0 and len(compared) == 2 * unknown_number


def test_a_code_is_twelve_characters_a_person_can_copy(code):
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert not set(code) & set("01OIL")


def test_a_code_issued_in_the_old_long_format_still_opens_its_case(client, dispute):
    old_code = "K7Q2-M9XR-T4HP-ABCD-EFGH-JKMN-PQRS-TUVWX"  # eight groups of four, the 33rd joined to the last
    dispute.access_code_hash = hashlib.sha256(old_code.encode()).hexdigest()
    dispute.save()

    assert _look_up(client, dispute.number, old_code.replace("-", " ").lower()).status_code == 302


def test_the_stored_hash_is_keyed_so_a_database_copy_alone_cannot_test_guesses(dispute, code, settings):
    assert dispute.access_code_hash != hashlib.sha256(code.encode()).hexdigest()
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert tracking.find_dispute(number=dispute.number, access_code=code) is None
    # A rotated key listed among the fallbacks keeps every code working.
    settings.SECRET_KEY_FALLBACKS = [DEFAULT_KEY]
    assert tracking.find_dispute(number=dispute.number, access_code=code) == dispute


def test_numbers_and_codes_never_appear_in_urls_or_logs(client, dispute, code, caplog):
    with caplog.at_level("DEBUG"):
        response = _look_up(client, dispute.number, code, follow=True)
        _look_up(client, dispute.number, "WRONG")
    urls = [url for url, _status in response.redirect_chain]
    assert not [u for u in urls if dispute.number in u or code in u]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert dispute.number not in logged
    assert code not in logged


def test_a_number_and_code_in_the_address_open_nothing(client, dispute, code):
    response = client.get(f"{TRACK}?number={dispute.number}&access_code={code}")
    assert response.status_code == 200
    assert tracking.SESSION_KEY not in client.session


@pytest.mark.parametrize("path", [TRACK, CASE])
def test_tracking_pages_are_never_stored(client, dispute, code, path):
    _look_up(client, dispute.number, code)
    for response in [client.get(path), _look_up(client, "x", "y")]:
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["Pragma"] == "no-cache"


def test_lookups_are_rate_limited_per_client_address(client, dispute, code, settings):
    settings.TRACKING_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert _look_up(client, "AST-2026-999999", "WRONG", REMOTE_ADDR="203.0.113.7").status_code == 200
    limited = _look_up(client, dispute.number, code, REMOTE_ADDR="203.0.113.7")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert "Too many attempts" in _text(limited)
    assert "no-store" in limited["Cache-Control"]
    assert tracking.SESSION_KEY not in client.session  # even the right code is refused
    assert _look_up(client, dispute.number, code, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_the_limit_ends_with_its_window(client, settings):
    settings.TRACKING_RATE_LIMIT = "1/h"
    with time_machine.travel(datetime(2026, 3, 2, 10, 5, tzinfo=UTC), tick=False):
        assert _look_up(client, "a", "b").status_code == 200
        assert _look_up(client, "a", "b").status_code == 429
    with time_machine.travel(datetime(2026, 3, 2, 11, 0, 1, tzinfo=UTC), tick=False):
        assert _look_up(client, "a", "b").status_code == 200


def test_the_limit_counts_ipv6_clients_by_their_network(client, settings):
    settings.TRACKING_RATE_LIMIT = "1/h"
    assert _look_up(client, "a", "b", REMOTE_ADDR="2001:db8::1").status_code == 200
    assert _look_up(client, "a", "b", REMOTE_ADDR="2001:db8::ffff").status_code == 429


def test_without_a_proxy_a_forged_forwarded_for_changes_nothing(client, settings):
    settings.TRACKING_RATE_LIMIT = "1/h"
    assert settings.TRUSTED_PROXY_COUNT == 0
    direct = {"REMOTE_ADDR": "203.0.113.7"}
    assert _look_up(client, "a", "b", HTTP_X_FORWARDED_FOR="1.1.1.1", **direct).status_code == 200
    # Rotating the header (the 60 tries) is still one client.
    for forged in ("1.1.1.2", "2.2.2.2, 3.3.3.3", "garbage"):
        assert _look_up(client, "a", "b", HTTP_X_FORWARDED_FOR=forged, **direct).status_code == 429


def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw(client, settings):
    settings.TRACKING_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert _look_up(client, "a", "b", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", **proxy).status_code == 200
    # A client cannot escape by forging the first entries.
    assert _look_up(client, "a", "b", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9", **proxy).status_code == 429
    assert _look_up(client, "a", "b", HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code == 200


def test_the_limit_lives_in_a_cache_shared_by_all_processes():
    backend = django_settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "reconciliation.cache.RedisWithDatabaseFallback",
        "django.core.cache.backends.db.DatabaseCache",
    }


@pytest.mark.redis
def test_the_limit_holds_across_processes(rf, settings):
    from cases import ratelimit

    # The other process knows no test key prefix; a scope of this test's own keeps it apart instead.
    settings.CACHES = {"default": {k: v for k, v in settings.CACHES["default"].items() if k != "KEY_PREFIX"}}
    scope = f"test-{uuid.uuid4().hex}"
    script = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from cases import ratelimit\n"
        "request = RequestFactory().post('/', REMOTE_ADDR='192.0.2.44')\n"
        f"print([ratelimit.hit(request, scope={scope!r}, rate='2/h').allowed for _ in range(2)])\n"
    )
    env = {"DJANGO_SETTINGS_MODULE": "reconciliation.settings", "DEBUG": "true", "REDIS_URL": settings.REDIS_URL}
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env, cwd=settings.BASE_DIR
    ).stdout
    assert "[True, True]" in output
    request = rf.post("/", REMOTE_ADDR="192.0.2.44")
    assert not ratelimit.hit(request, scope=scope, rate="2/h").allowed


def test_the_timeline_shows_public_events_only(client, dispute, code):
    record_event(dispute=dispute, action="cases.dispute.accepted", public=True)
    record_event(dispute=dispute, action="cases.deadline.extended", public=False, data={"secret": "staff note"})
    # A row written under a name that has since left the registry.
    CaseEvent.objects.create(dispute=dispute, action="cases.something.old", is_public=True)
    _look_up(client, dispute.number, code)
    page = _text(client.get(CASE))
    assert "The center accepted the dispute for review." in page
    assert "The time limit for mediation was extended." not in page
    assert "staff note" not in page
    assert "The case was updated." in page  # an action without its own sentence


def test_every_registered_action_has_a_sentence():
    assert set(events.DESCRIPTIONS) == set(Action)


def test_an_action_outside_the_registry_is_refused(dispute):
    with pytest.raises(ValueError):
        record_event(dispute=dispute, action="cases.something.new")
    assert not CaseEvent.objects.filter(dispute=dispute).exists()


def test_times_are_shown_in_almaty_time(client, dispute, code):
    CaseEvent.objects.create(
        dispute=dispute,
        action="cases.dispute.accepted",
        is_public=True,
        created_at=datetime(2026, 3, 10, 4, 0, tzinfo=UTC),
    )
    _look_up(client, dispute.number, code)
    assert "10.03.2026 09:00" in _text(client.get(CASE))


def test_the_parties_are_shown_with_masked_identifiers(client, dispute, code):
    _look_up(client, dispute.number, code)
    page = _text(client.get(CASE))
    assert "Aliya Applicant" in page
    assert "850101300012" not in page
    assert "85********12" in page


def test_the_next_meeting_is_shown_with_its_place(client, dispute, code):
    start = timezone.now() + timedelta(days=2)
    HearingFactory(dispute=dispute, start=start - timedelta(days=4), end=start - timedelta(days=4, hours=-1))
    hearing = HearingFactory(dispute=dispute, start=start, end=start + timedelta(hours=1))
    HearingFactory(dispute=dispute, start=start - timedelta(days=1), status="cancelled")
    _look_up(client, dispute.number, code)
    page = _text(client.get(CASE))
    local = timezone.localtime(hearing.start)
    assert f"{local:%d.%m.%Y}, {local:%H:%M}" in page
    assert hearing.room.name in page
    assert "not a court hearing" in page


def test_an_online_meeting_says_so(client, dispute, code):
    HearingFactory(dispute=dispute, room=None, online_url="https://meet.example.kz/abc")
    _look_up(client, dispute.number, code)
    page = _text(client.get(CASE))
    assert "Online" in page
    assert "https://meet.example.kz/abc" in page


def test_the_case_page_runs_a_bounded_number_of_queries(client, dispute, code, django_assert_max_num_queries):
    for _ in range(5):
        record_event(dispute=dispute, action="cases.dispute.accepted", public=True)
        _attach(dispute)
    HearingFactory(dispute=dispute)
    _look_up(client, dispute.number, code)
    with django_assert_max_num_queries(10):
        assert client.get(CASE).status_code == 200


def test_only_shared_documents_are_listed_and_downloadable(client, dispute, code):
    shared = _attach(dispute, name="Келісім «final».pdf")
    internal = _attach(dispute, name="internal-note.pdf", shared=False)
    elsewhere = _attach(DisputeFactory(), name="other.pdf")
    _look_up(client, dispute.number, code)
    page = _text(client.get(CASE))
    assert "Келісім «final».pdf" in page
    assert "internal-note.pdf" not in page

    response = client.get(reverse("track_attachment", args=[shared.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("track_attachment", args=[internal.pk])).status_code == 404
    assert client.get(reverse("track_attachment", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("track_attachment", args=[999999])).status_code == 404


def test_the_applicants_own_documents_are_listed_and_downloadable(client, dispute, code):
    own = _attach(dispute, name="employment-contract.pdf", shared=False, from_applicant=True)
    _look_up(client, dispute.number, code)

    html = client.get(CASE).content.decode()

    own_section = html[html.index('id="own-documents-title"') : html.index('id="documents-title"')]
    assert "employment-contract.pdf" in own_section
    assert "The center has not shared any documents yet." in html
    assert client.get(reverse("track_attachment", args=[own.pk])).status_code == 200


def test_documents_need_a_followed_case(client, dispute):
    shared = _attach(dispute)
    assert client.get(reverse("track_attachment", args=[shared.pk])).status_code == 404


def test_a_missing_file_is_a_404_not_a_500(client, dispute, code):
    shared = _attach(dispute)
    shared.file.storage.delete(shared.file.name)
    _look_up(client, dispute.number, code)
    assert client.get(reverse("track_attachment", args=[shared.pk])).status_code == 404


def test_signing_out_forgets_every_case(client, dispute, code):
    _look_up(client, dispute.number, code)
    shared = _attach(dispute)
    response = client.post(reverse("track_forget"))
    assert response.status_code == 302
    assert tracking.SESSION_KEY not in client.session
    assert client.get(CASE)["Location"] == TRACK
    assert client.get(reverse("track_attachment", args=[shared.pk])).status_code == 404
    assert client.get(reverse("track_forget")).status_code == 405


def test_several_cases_can_be_followed_and_switched(client, dispute, code, center_a):
    second_code = new_access_code()
    second = DisputeFactory(center=center_a, access_code_hash=hash_access_code(second_code))
    _look_up(client, dispute.number, code)
    _look_up(client, second.number, second_code)
    page = _text(client.get(CASE))
    assert f'Case <span class="case-number">{second.number}' in page
    assert f"Show case {dispute.number}" in page
    client.post(reverse("track_switch"), {"dispute": dispute.pk})
    assert f'Case <span class="case-number">{dispute.number}' in _text(client.get(CASE))
    # Switching to a case this session does not follow changes nothing.
    stranger = DisputeFactory()
    client.post(reverse("track_switch"), {"dispute": stranger.pk})
    client.post(reverse("track_switch"), {"dispute": "x"})
    assert f'Case <span class="case-number">{dispute.number}' in _text(client.get(CASE))


def test_an_owner_opens_their_case_without_the_code(client, dispute, citizen):
    dispute.filed_by = citizen
    dispute.save()
    client.force_login(citizen)
    response = client.post(reverse("track_open"), {"dispute": dispute.pk})
    assert response["Location"] == CASE
    assert dispute.number in _text(client.get(CASE))


def test_nobody_else_opens_a_case_without_the_code(client, dispute, citizen):
    assert client.post(reverse("track_open"), {"dispute": dispute.pk}).status_code == 302  # to sign in
    assert tracking.SESSION_KEY not in client.session
    client.force_login(UserFactory(username="stranger"))
    assert client.post(reverse("track_open"), {"dispute": dispute.pk}).status_code == 404
    assert client.post(reverse("track_open"), {"dispute": "abc"}).status_code == 404
    assert tracking.SESSION_KEY not in client.session


def test_a_deleted_case_drops_out_of_the_session(client, dispute, code):
    _look_up(client, dispute.number, code)
    dispute.delete()
    assert client.get(CASE)["Location"] == TRACK
    assert client.session[tracking.SESSION_KEY] == []


def test_a_rejected_case_shows_the_reason(client, dispute, code):
    dispute.status = "rejected"
    dispute.rejection_reason = "A court has already decided this dispute."
    dispute.save()
    _look_up(client, dispute.number, code)
    page = _text(client.get(CASE))
    assert "A court has already decided this dispute." in page
    assert "you keep the right to go to court" in page


def test_rates_are_read_strictly():
    from cases import ratelimit

    assert ratelimit.parse_rate("20/h") == (20, 3600)
    assert ratelimit.parse_rate("5/m") == (5, 60)
    for bad in ["20", "h/20", "20/week", "-1/h", ""]:
        with pytest.raises(ValueError):
            ratelimit.parse_rate(bad)
