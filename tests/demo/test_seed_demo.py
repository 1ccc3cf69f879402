"""manage.py seed_demo: the directory, the logins, and demo disputes that obey the workflow."""

import io
import re
from collections import Counter, defaultdict
from pathlib import Path

import phonenumbers
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cases.models import (
    CaseEvent,
    Dispute,
    Feedback,
    Hearing,
    NumberSequence,
    Party,
    SettlementAgreement,
    Status,
)
from cases.numbering import next_dispute_number
from cases.workflow import CLOSED, TRANSITIONS
from centers.models import Center, Room, TradeUnionAssociation
from centers.validators import validate_bin, validate_iin
from demo import accounts
from demo.directory import roster_size
from demo.timeline import DEMO_MARK
from mediators.models import Availability, Mediator, TrainingRecord

from ..factories import totp_code

pytestmark = pytest.mark.django_db

MODELS = [Dispute, Party, CaseEvent, Hearing, SettlementAgreement, Feedback, NumberSequence, Center, Room, Mediator]
MODELS += [Availability, TrainingRecord, TradeUnionAssociation, get_user_model()]


@pytest.fixture(autouse=True)
def _demo_settings(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = True  # the command refuses to run without it
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests


def seed(**options) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("seed_demo", no_progress=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_builds_a_center_with_rooms_and_mediators_in_every_region():
    seed(disputes=0)
    assert TradeUnionAssociation.objects.count() == Center.objects.count() == 20
    for center in Center.objects.all():
        assert center.rooms.count() == 2
        assert 2 <= center.mediators.count() <= 3
        assert center.name_kk and center.name_ru and center.name_en
        assert center.address_kk and center.address_ru and center.address_en
        assert center.phone.startswith("+7 7") and center.working_hours_en
    assert Mediator.objects.filter(kind=Mediator.Kind.PUBLIC).exists()
    for mediator in Mediator.objects.all():
        assert set(mediator.availability.values_list("weekday", flat=True)) == {0, 1, 2, 3, 4}
        assert mediator.training.get().hours >= 72
        assert mediator.register_entry
        if mediator.kind == Mediator.Kind.PROFESSIONAL:
            assert mediator.certificate_number and mediator.certificate_date
    for association in TradeUnionAssociation.objects.all():
        validate_bin(association.bin)


def test_the_printed_logins_work_for_their_roles(client):
    output = seed(disputes=0)
    assert accounts.DEMO_PASSWORD in output
    User = get_user_model()
    for _role, email, _where in accounts.login_table():
        assert email in output
        assert User.objects.get(username=email).check_password(accounts.DEMO_PASSWORD)
    assert EmailAddress.objects.get(email=accounts.CITIZEN).verified

    astana_staff = User.objects.get(username=accounts.STAFF_ASTANA)
    assert list(astana_staff.staffed_centers.values_list("region__code", flat=True)) == ["KZ-71"]
    assert Mediator.objects.get(user__username=accounts.MEDIATOR).center.region.code == "KZ-71"
    for email, admin_status in [(accounts.OPERATOR, 200), (accounts.COURT_OFFICIAL, 200), (accounts.CITIZEN, 302)]:
        client.force_login(User.objects.get(username=email))
        assert client.get("/admin/").status_code == admin_status


def test_the_back_office_logins_sign_in_with_a_printed_recovery_code_or_the_published_secret(client):
    output = seed(disputes=0)
    printed = {
        line.split()[0]: line.split()[1:] for line in output.splitlines() if re.match(r"^\s+\S+@\S+\s+\d{8} ", line)
    }
    assert set(printed) == {email for _role, email, where in accounts.login_table() if where == "/admin/"}
    assert accounts.DEMO_TOTP_SECRET in output

    for email, code in [(accounts.OPERATOR, printed[accounts.OPERATOR][0]), (accounts.MEDIATOR, None)]:
        client.logout()
        client.post("/accounts/login/?next=/admin/", {"login": email, "password": accounts.DEMO_PASSWORD})
        answer = client.post("/accounts/2fa/authenticate/", {"code": code or totp_code(accounts.DEMO_TOTP_SECRET)})
        assert answer["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
    # A used code is no longer printed; the others still are.
    again = seed(disputes=0, if_empty=True)
    assert printed[accounts.OPERATOR][0] not in again and printed[accounts.OPERATOR][1] in again


def test_the_readme_lists_the_recovery_codes_the_seed_gives():
    seed(disputes=0)
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")

    for email, codes in accounts.unused_recovery_codes().items():
        assert re.search(rf"^{re.escape(email)}\s+{' '.join(codes)}$", readme, re.MULTILINE), email
    assert accounts.DEMO_TOTP_SECRET in readme


def test_it_creates_disputes_in_every_status_with_events_that_tell_how_they_got_there():
    seed(disputes=40)
    disputes = Dispute.objects.all()
    assert disputes.count() == 40
    assert set(disputes.values_list("status", flat=True)) == set(Status.values)
    events = defaultdict(list)
    for event in CaseEvent.objects.order_by("created_at", "pk"):
        events[event.dispute_id].append(event)
    for dispute in disputes:
        timeline = events[dispute.pk]
        assert timeline[0].action == "cases.dispute.submitted"
        assert timeline[0].created_at == dispute.submitted_at
        assert all(event.created_at <= timezone.now() for event in timeline)
        transitions = [event.data for event in timeline if "to" in event.data]
        state = Status.SUBMITTED
        for step in transitions:
            assert step["from"] == state and step["to"] in TRANSITIONS[state]
            state = step["to"]
        assert state == dispute.status
        assert all(event.action.startswith("cases.") for event in timeline)
        assert (dispute.closed_at is not None) == (dispute.status in CLOSED)
        assert dispute.description.endswith(DEMO_MARK)
        assert dispute.updated_at == timeline[-1].created_at


def test_hearings_agreements_and_feedback_match_the_status():
    seed(disputes=60)
    now = timezone.now()
    for dispute in Dispute.objects.filter(status__in=[Status.IN_MEDIATION, Status.SETTLED, Status.NOT_SETTLED]):
        hearing = dispute.hearings.get()
        assert hearing.mediator_id == dispute.mediator_id
        assert hearing.status == ("held" if hearing.end <= now else "scheduled")
        assert hearing.room_id or hearing.online_url
        if dispute.status != Status.IN_MEDIATION:
            assert hearing.end <= dispute.closed_at
    assert not Hearing.objects.exclude(
        dispute__status__in=[Status.IN_MEDIATION, Status.SETTLED, Status.NOT_SETTLED]
    ).exists()
    settled = Dispute.objects.filter(status=Status.SETTLED)
    assert SettlementAgreement.objects.count() == settled.count() > 0
    for agreement in SettlementAgreement.objects.select_related("dispute"):
        assert agreement.created_at == agreement.dispute.closed_at  # not the moment of seeding
        assert agreement.signed_on == timezone.localdate(agreement.dispute.closed_at)
    for answer in Feedback.objects.select_related("dispute"):
        assert answer.dispute.closed_at <= answer.created_at <= now
    assert set(Feedback.objects.values_list("dispute__status", flat=True)) <= {Status.SETTLED, Status.NOT_SETTLED}
    assert Feedback.objects.exists()
    assert all(hearing.start < now + timezone.timedelta(days=30) for hearing in Hearing.objects.all())
    # Scheduled hearings never overlap for a mediator or a room (PostgreSQL enforces it too).
    for field in ("mediator_id", "room_id"):
        taken = Counter(Hearing.objects.filter(status="scheduled").exclude(**{field: None}).values_list(field, "start"))
        assert max(taken.values(), default=1) == 1


def test_parties_have_valid_identifiers_phones_and_consent():
    seed(disputes=40)
    assert Party.objects.count() == 80
    for party in Party.objects.select_related("dispute"):
        if party.kind == Party.Kind.INDIVIDUAL:
            validate_iin(party.identifier)
        else:
            validate_bin(party.identifier)
        assert phonenumbers.is_valid_number(phonenumbers.parse(str(party.phone), "KZ"))
        if party.role == Party.Role.APPLICANT:
            assert party.consent_at == party.dispute.submitted_at
    declined = Party.objects.filter(role=Party.Role.RESPONDENT, dispute__status=Status.DECLINED)
    assert set(declined.values_list("response", flat=True)) == {Party.Response.DECLINED}


def test_running_it_twice_adds_nothing_and_a_larger_number_tops_up():
    seed(disputes=25)
    first = counts()
    seed(disputes=25)
    assert counts() == first
    seed(disputes=10)
    assert counts() == first
    seed(disputes=35)
    assert Dispute.objects.count() == 35
    assert Center.objects.count() == first["Center"]


def test_the_same_seed_draws_the_same_disputes_whether_seeded_at_once_or_topped_up():
    def snapshot():  # type: ignore[no-untyped-def]
        return sorted(
            Dispute.objects.values_list("category", "summary", "status", "center__slug", "submitted_at", "claim_amount")
        )

    with time_machine.travel("2026-06-10 12:00 +05:00", tick=False):
        seed(disputes=30)
        at_once = snapshot()
        Dispute.objects.all().delete()
        NumberSequence.objects.all().delete()
        seed(disputes=12)
        seed(disputes=30)
        assert snapshot() == at_once


def test_numbers_follow_the_sequences_so_a_new_filing_does_not_collide():
    seed(disputes=50)
    numbers = set(Dispute.objects.values_list("number", flat=True))
    assert all(re.fullmatch(r"[A-Z]{3}-20\d\d-\d{6}", number) for number in numbers)
    for sequence in NumberSequence.objects.all():
        mine = [int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith(f"{sequence.prefix}-{sequence.year}-")]
        assert sorted(mine) == list(range(1, sequence.last + 1))
    for center in Center.objects.all():
        assert next_dispute_number(center=center) not in numbers


def test_it_prints_a_number_and_code_that_open_a_demo_dispute():
    output = seed(disputes=12)
    number, code = re.search(r"number (\S+), access code (\S+)", output).groups()
    dispute = Dispute.objects.get(number=number)
    assert dispute.check_access_code(code)
    assert dispute.filed_by.username == accounts.CITIZEN


def test_if_empty_seeds_only_a_database_without_centers():
    output = seed(disputes=5, if_empty=True)
    assert Dispute.objects.count() == 5
    again = seed(disputes=50, if_empty=True)
    assert Dispute.objects.count() == 5
    assert "not seeded" in again and accounts.DEMO_PASSWORD in again and accounts.DEMO_PASSWORD in output


def test_it_refuses_to_create_published_passwords_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed(disputes=0)
    assert not Center.objects.exists()


def test_timestamps_are_set_automatically_again_after_seeding():
    seed(disputes=12)
    settled = Dispute.objects.filter(status=Status.SETTLED).first()
    before = timezone.now()
    settled.save()
    agreement = SettlementAgreement.objects.create(
        dispute=Dispute.objects.filter(status=Status.IN_MEDIATION).first(), terms="x", signed_on=before.date()
    )
    settled.refresh_from_db()
    assert settled.updated_at >= before and agreement.created_at >= before


def test_a_large_demo_gets_enough_mediators_to_hear_its_cases():
    assert roster_size("KZ-75", 200) == 3 and roster_size("KZ-62", 200) == 2
    assert roster_size("KZ-75", 1_000_000) >= 40  # Almaty's share of a million disputes
    assert roster_size("KZ-62", 1_000_000) >= 3
