"""The admin: every page answers, changelists avoid N+1 queries, and each role sees only its share."""

import io

import pytest
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Attachment,
    CaseEvent,
    Dispute,
    Hearing,
    Notification,
    Party,
    SettlementAgreement,
    Status,
)
from centers.models import Center, Room
from mediators.models import Mediator, TimeOff

from .factories import DisputeFactory, MediatorFactory, PartyFactory, RoomFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

OUR_APPS = {"centers", "mediators", "cases"}
# Changelists of our apps show up to 100 rows; these bounds hold only if related rows are
# joined (list_select_related), since every row of ~20+ would otherwise cost a query of its own.
MAX_CHANGELIST_QUERIES = 10


def admin_url(model, view: str, *args) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo_rows(settings):  # type: ignore[no-untyped-def]
    """About twenty disputes with everything around them, and a row for each model the seed leaves empty."""
    settings.DEBUG = True  # seed_demo runs only with DEBUG on
    call_command("seed_demo", disputes=20, no_progress=True, stdout=io.StringIO())
    now = timezone.now()
    for dispute in Dispute.objects.all():
        party = dispute.parties.first()
        Attachment.objects.create(
            dispute=dispute, file=f"attachments/2026/01/{dispute.pk}.pdf", original_name="contract.pdf",
            content_type="application/pdf", size=1024, sha256="0" * 64,
        )  # fmt: skip
        Notification.objects.create(
            dispute=dispute, party=party, kind="dispute_received", channel="email", recipient="a@example.com"
        )
    for mediator in Mediator.objects.all()[:20]:
        TimeOff.objects.create(mediator=mediator, start=now, end=now + timezone.timedelta(days=3))
    base = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": "x", "http_accept": "*/*", "path_info": "/"}
    # The cache handler of django-axes writes none of these rows; bulk_create skips its signal.
    AccessAttempt.objects.bulk_create([AccessAttempt(**base, get_data="", post_data="", failures_since_start=1)])
    AccessLog.objects.bulk_create([AccessLog(**base)])
    AccessFailureLog.objects.bulk_create([AccessFailureLog(**base)])
    Authenticator.objects.create(user=UserFactory(), type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})


def _request_for(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_admin_page_answers_for_the_operator(client, operator, demo_rows):
    client.force_login(operator)
    failures = []
    for model, model_admin in admin.site._registry.items():
        obj = model_admin.get_queryset(_request_for(operator)).first()
        assert obj is not None, f"no {model.__name__} row to open"
        pages = [("changelist", admin_url(model, "changelist"), 200)]
        pages.append(("change", admin_url(model, "change", obj.pk), 200))
        can_add = model_admin.has_add_permission(_request_for(operator))
        pages.append(("add", admin_url(model, "add"), 200 if can_add else 403))
        for page, url, expected in pages:
            status = client.get(url).status_code
            if status != expected:
                failures.append(f"{model._meta.label} {page}: {status} (expected {expected})")
    assert not failures


def test_changelists_join_related_rows_instead_of_one_query_per_row(
    client, operator, demo_rows, django_assert_max_num_queries
):
    client.force_login(operator)
    client.get("/admin/")  # the session and the user are loaded once
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES, info=model._meta.label):
            assert client.get(admin_url(model, "changelist")).status_code == 200


# --- Who sees what -------------------------------------------------------------------------------


@pytest.fixture
def cases(center_a, center_b, mediator_user):  # type: ignore[no-untyped-def]
    """A dispute of center A assigned to the mediator, one of A unassigned, one of center B."""
    mediator = Mediator.objects.get(user=mediator_user)
    other_mediator = MediatorFactory(center=center_b, full_name="Berik Other-Center")
    room_b = RoomFactory(center=center_b, name="Room of B")
    assigned = DisputeFactory(center=center_a, mediator=mediator, number="AST-2026-000001")
    unassigned = DisputeFactory(center=center_a, number="AST-2026-000002")
    foreign = DisputeFactory(center=center_b, number="ALA-2026-000001")
    for dispute in (assigned, unassigned, foreign):
        PartyFactory(dispute=dispute, role=Party.Role.APPLICANT)
        PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT)
    return {
        "assigned": assigned, "unassigned": unassigned, "foreign": foreign,
        "other_mediator": other_mediator, "room_b": room_b,
    }  # fmt: skip


def _target(cases, name):  # type: ignore[no-untyped-def]
    targets = {
        "dispute_a": lambda: admin_url(Dispute, "change", cases["assigned"].pk),
        "dispute_a_unassigned": lambda: admin_url(Dispute, "change", cases["unassigned"].pk),
        "dispute_b": lambda: admin_url(Dispute, "change", cases["foreign"].pk),
        "disputes": lambda: admin_url(Dispute, "changelist"),
        "dispute_add": lambda: admin_url(Dispute, "add"),
        "center_a": lambda: admin_url(Center, "change", cases["assigned"].center_id),
        "center_b": lambda: admin_url(Center, "change", cases["foreign"].center_id),
        "room_b": lambda: admin_url(Room, "change", cases["room_b"].pk),
        "mediator_b": lambda: admin_url(Mediator, "change", cases["other_mediator"].pk),
        "event_add": lambda: admin_url(CaseEvent, "add"),
    }
    return targets[name]()


ACCESS = [
    ("staff_a", "dispute_a", 200),
    ("staff_a", "dispute_a_unassigned", 200),
    ("staff_a", "dispute_b", 404),
    ("staff_a", "center_a", 200),
    ("staff_a", "center_b", 404),
    ("staff_a", "room_b", 404),
    ("staff_a", "mediator_b", 404),
    ("staff_a", "dispute_add", 403),  # disputes come only through the intake service
    ("staff_a", "event_add", 403),
    ("staff_b", "dispute_b", 200),
    ("staff_b", "dispute_a", 404),
    ("staff_b", "mediator_b", 200),
    ("official", "dispute_a", 200),
    ("official", "dispute_b", 200),
    ("official", "mediator_b", 200),
    ("official", "dispute_add", 403),
    ("mediator_user", "dispute_a", 200),
    ("mediator_user", "dispute_a_unassigned", 404),
    ("mediator_user", "dispute_b", 404),
    ("mediator_user", "dispute_add", 403),
    ("citizen", "disputes", 302),
    ("citizen", "dispute_a", 302),
    ("anonymous", "disputes", 302),
    ("anonymous", "dispute_a", 302),
]


@pytest.mark.parametrize(("who", "target", "expected"), ACCESS)
def test_access_table(request, client, cases, who, target, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(_target(cases, target))
    assert response.status_code == expected
    if expected == 302:  # outsiders go to the login page; staff asking for what they may not see get 404
        assert response.url.startswith(reverse("admin:login"))


def test_each_role_lists_only_its_disputes(client, cases, staff_a, staff_b, mediator_user, official):
    expected = {
        staff_a: {"AST-2026-000001", "AST-2026-000002"},
        staff_b: {"ALA-2026-000001"},
        mediator_user: {"AST-2026-000001"},
        official: {"AST-2026-000001", "AST-2026-000002", "ALA-2026-000001"},
    }
    for user, numbers in expected.items():
        client.force_login(user)
        response = client.get(admin_url(Dispute, "changelist"))
        shown = {dispute.number for dispute in response.context["cl"].result_list}
        assert shown == numbers, user.username


def test_an_official_may_look_but_not_change(client, cases, official):
    client.force_login(official)
    dispute = cases["assigned"]
    response = client.post(admin_url(Dispute, "change", dispute.pk), {"summary": "Changed by an official"})
    assert response.status_code == 403
    dispute.refresh_from_db()
    assert dispute.summary != "Changed by an official"


def test_the_workflow_actions_accept_and_invite_write_events(client, cases, staff_a):
    client.force_login(staff_a)
    dispute = cases["unassigned"]
    url = admin_url(Dispute, "changelist")
    client.post(url, {"action": "accept_as_mediable", "_selected_action": [dispute.pk]})
    dispute.refresh_from_db()
    assert dispute.status == Status.UNDER_REVIEW and dispute.mediable_confirmed
    client.post(url, {"action": "invite_respondents", "_selected_action": [dispute.pk]})
    dispute.refresh_from_db()
    assert dispute.status == Status.AWAITING_RESPONDENT
    actions = list(CaseEvent.objects.filter(dispute=dispute).values_list("action", "actor"))
    assert actions == [("cases.dispute.accepted", staff_a.pk), ("cases.respondent.invited", staff_a.pk)]


def test_an_official_has_no_workflow_actions(client, cases, official):
    client.force_login(official)
    url = admin_url(Dispute, "changelist")
    response = client.get(url)
    assert b'value="accept_as_mediable"' not in response.content
    assert b'value="invite_respondents"' not in response.content
    dispute = cases["unassigned"]
    client.post(url, {"action": "accept_as_mediable", "_selected_action": [dispute.pk]})
    dispute.refresh_from_db()
    assert dispute.status == Status.SUBMITTED
    assert not CaseEvent.objects.filter(dispute=dispute).exists()


def test_staff_offer_only_their_own_centers_mediators_and_rooms_in_a_dispute(client, cases, staff_a):
    client.force_login(staff_a)
    page = client.get(admin_url(Dispute, "change", cases["assigned"].pk)).content.decode()
    assert "Aigerim Mediator" in page
    assert "Berik Other-Center" not in page
    assert "Room of B" not in page


def test_staff_cannot_see_or_pick_other_accounts_on_their_center(client, cases, staff_a, citizen):
    client.force_login(staff_a)
    page = client.get(admin_url(Center, "change", cases["assigned"].center_id)).content.decode()
    assert citizen.username not in page
    assert citizen.email not in page


def test_a_mediator_sees_only_hearings_of_their_disputes(client, cases, mediator_user):
    mediator = Mediator.objects.get(user=mediator_user)
    now = timezone.now()
    mine = Hearing.objects.create(
        dispute=cases["assigned"], mediator=mediator, online_url="https://meet.example.com/1",
        start=now, end=now + timezone.timedelta(hours=1),
    )  # fmt: skip
    other = Hearing.objects.create(
        dispute=cases["foreign"], mediator=cases["other_mediator"], online_url="https://meet.example.com/2",
        start=now, end=now + timezone.timedelta(hours=1),
    )  # fmt: skip
    client.force_login(mediator_user)
    assert client.get(admin_url(Hearing, "change", mine.pk)).status_code == 200
    assert client.get(admin_url(Hearing, "change", other.pk)).status_code == 404


def test_staff_forms_offer_no_party_or_account_of_another_center(client, cases, staff_a, citizen):
    client.force_login(staff_a)
    dispute = cases["assigned"]
    foreign_party = cases["foreign"].parties.first()
    notification = Notification.objects.create(
        dispute=dispute, party=dispute.parties.first(), kind="dispute_received", channel="email", recipient="a@b.kz"
    )
    agreement = SettlementAgreement.objects.create(dispute=dispute, terms="Pays in May.", signed_on=timezone.now())
    pages = [
        client.get(admin_url(Notification, "change", notification.pk)).content.decode(),
        client.get(admin_url(SettlementAgreement, "change", agreement.pk)).content.decode(),
        client.get(admin_url(Hearing, "add")).content.decode(),
    ]
    for page in pages:
        assert foreign_party.name not in page
        assert citizen.username not in page
