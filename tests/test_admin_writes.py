"""Nothing in the admin writes what the services own, and rows only services create are never added by hand.

Each test posts a whole change form, as the page would, with the owned fields altered:
the row keeps what the workflow wrote and no CaseEvent appears. Field lists are not read
from the admin classes: they are the domain's (DESIGN.md, issue 13).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, CaseEvent, Party, SettlementAgreement

from .factories import DisputeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def _value(value):  # type: ignore[no-untyped-def]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    return value


def _form_fields(form) -> dict:  # type: ignore[no-untyped-def]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if hasattr(field.widget, "widgets") and isinstance(value, list | tuple):  # a split date and time
            for index, part in enumerate(value):
                data[f"{form.add_prefix(name)}_{index}"] = _value(part)
        elif isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            data[f"{form.add_prefix(name)}_0"], data[f"{form.add_prefix(name)}_1"] = local.date(), local.time()
        else:
            data[form.add_prefix(name)] = _value(value)
    return {key: value for key, value in data.items() if value != ""}


def change_form(client, url: str, **changes) -> dict:  # type: ignore[no-untyped-def]
    """The data the change page at `url` would post untouched, with `changes` on top."""
    response = client.get(url)
    assert response.status_code == 200, url
    data = _form_fields(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        for form in formset.forms:
            data.update(_form_fields(form))
    data.update(changes)
    return data


def _admin_url(obj, view: str = "change") -> str:  # type: ignore[no-untyped-def]
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def _snapshot(obj, fields):  # type: ignore[no-untyped-def]
    obj.refresh_from_db()
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields}


DISPUTE_OWNED = {
    "number": "XXX-2026-999999", "status": "settled", "mediator": "", "submitted_at_0": "2020-01-01",
    "accepted_at_0": "2020-01-01", "accepted_at_1": "10:00", "deadline_0": "2030-01-01", "deadline_1": "10:00",
    "closed_at_0": "2030-01-01", "closed_at_1": "10:00", "mediable_confirmed": "on", "outcome_note": "Settled by hand",
    "rejection_reason": "None", "deadline_extension_reason": "Because", "filed_by": "",
}  # fmt: skip
PARTY_OWNED = {
    "role": "respondent", "response": "agreed", "response_reason": "Sure", "responded_at_0": "2026-01-01",
    "responded_at_1": "10:00", "invited_at_0": "2026-01-01", "invited_at_1": "10:00", "consent_at_0": "2026-01-01",
    "consent_at_1": "10:00", "consent_version": "v0",
}  # fmt: skip


@pytest.mark.parametrize("who", ["staff_a", "operator"])
def test_a_dispute_change_keeps_what_the_workflow_owns(request, client, world, who):
    dispute = world["a"]["cases.dispute"]
    owned = [
        "number", "status", "mediator", "submitted_at", "accepted_at", "deadline", "closed_at", "mediable_confirmed",
        "outcome_note", "rejection_reason", "deadline_extension_reason", "filed_by",
    ]  # fmt: skip
    before, events = _snapshot(dispute, owned), CaseEvent.objects.count()
    client.force_login(request.getfixturevalue(who))
    url = _admin_url(dispute)
    response = client.post(url, change_form(client, url, summary="A clearer summary", **DISPUTE_OWNED))
    assert response.status_code == 302
    assert _snapshot(dispute, owned) == before
    assert dispute.summary == "A clearer summary"
    assert CaseEvent.objects.count() == events


@pytest.mark.parametrize("who", ["staff_a", "operator"])
def test_a_party_change_keeps_its_role_answer_and_consent(request, client, world, who):
    party = world["a"]["cases.party"]
    owned = [
        "dispute",
        "role",
        "response",
        "response_reason",
        "responded_at",
        "invited_at",
        "consent_at",
        "consent_version",
    ]
    before = _snapshot(party, owned)
    client.force_login(request.getfixturevalue(who))
    url = _admin_url(party)
    other = world["a"]["cases.dispute"].parties.exclude(pk=party.pk).get()
    response = client.post(
        url, change_form(client, url, address="New address 5", dispute=other.dispute_id + 1, **PARTY_OWNED)
    )
    assert response.status_code == 302
    assert _snapshot(party, owned) == before
    assert party.address == "New address 5"


def test_the_dispute_page_keeps_its_parties_answers_and_adds_no_party(client, world, staff_a):
    dispute = world["a"]["cases.dispute"]
    respondent = dispute.parties.get(role=Party.Role.RESPONDENT)
    client.force_login(staff_a)
    url = _admin_url(dispute)
    data = change_form(client, url)
    index = next(i for i in range(2) if data.get(f"parties-{i}-id") == respondent.pk)
    data.update({f"parties-{index}-response": "agreed", f"parties-{index}-role": "applicant"})
    # A third party smuggled in as a new inline row.
    extra = {"name": "Extra", "role": "applicant", "kind": "individual", "language": "kk", "dispute": dispute.pk}
    data.update({"parties-TOTAL_FORMS": 3, **{f"parties-2-{key}": value for key, value in extra.items()}})
    assert client.post(url, data).status_code == 302
    respondent.refresh_from_db()
    assert (respondent.response, respondent.role) == ("pending", "respondent")
    assert dispute.parties.count() == 2


def test_a_hearing_keeps_its_status_and_its_dispute(client, world, staff_a):
    hearing = world["a"]["cases.hearing"]
    client.force_login(staff_a)
    url = _admin_url(hearing)
    response = client.post(url, change_form(client, url, status="cancelled", notes="Bring the contract"))
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == "scheduled" and hearing.notes == "Bring the contract"


def test_staff_cannot_take_their_center_out_of_service_or_change_its_address(client, world, staff_a, operator):
    center = world["a"]["centers.center"]
    client.force_login(staff_a)
    url = _admin_url(center)
    data = change_form(client, url, slug="taken-over", phone="+77172111111")
    data.pop("is_active", None)
    assert client.post(url, data).status_code == 302
    center.refresh_from_db()
    assert (center.slug, center.is_active, str(center.phone)) == ("center-a", True, "+77172111111")
    # The operator may.
    client.force_login(operator)
    data = change_form(client, url, slug="center-a-moved")
    data.pop("is_active", None)
    assert client.post(url, data).status_code == 302
    center.refresh_from_db()
    assert (center.slug, center.is_active) == ("center-a-moved", False)


def test_staff_cannot_link_a_mediator_to_another_account(client, world, staff_a, citizen):
    mediator = world["a"]["mediators.mediator"]
    client.force_login(staff_a)
    url = _admin_url(mediator)
    page = client.get(url).content.decode()
    assert citizen.email not in page
    assert client.post(url, change_form(client, url, user=citizen.pk, capacity=7)).status_code == 302
    mediator.refresh_from_db()
    assert mediator.user.username == "mediator" and mediator.capacity == 7
    assert client.get(reverse("admin:mediators_mediator_add")).status_code == 403


def test_a_settlement_agreement_is_never_added_by_hand_nor_moved_to_another_dispute(client, world, staff_a):
    agreement = world["a"]["cases.settlementagreement"]
    client.force_login(staff_a)
    assert client.get(reverse("admin:cases_settlementagreement_add")).status_code == 403
    assert (
        client.post(reverse("admin:cases_settlementagreement_add"), {"dispute": agreement.dispute_id}).status_code
        == 403
    )
    url = _admin_url(agreement)
    other_dispute = world["a"]["cases.dispute"].pk + 1000
    response = client.post(url, change_form(client, url, dispute=other_dispute, terms="Pays in June."))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.dispute == world["a"]["cases.dispute"] and agreement.terms == "Pays in June."


def test_a_settlement_document_is_a_file_of_the_same_dispute(client, world, staff_a):
    agreement = world["a"]["cases.settlementagreement"]
    dispute = agreement.dispute
    other_case_file = Attachment.objects.create(
        dispute=DisputeFactory(center=dispute.center), file="attachments/x.pdf", original_name="other-case.pdf",
        content_type="application/pdf", size=1, sha256="0" * 64,
    )  # fmt: skip
    foreign_file = world["b"]["cases.attachment"]
    client.force_login(staff_a)
    url = _admin_url(agreement)
    page = client.get(url)
    choices = set(page.context["adminform"].form.fields["document"].queryset)
    assert choices == set(dispute.attachments.all())
    for document in (other_case_file, foreign_file):
        response = client.post(url, change_form(client, url, document=document.pk))
        assert response.status_code == 200  # the form says: not a valid choice
        agreement.refresh_from_db()
        assert agreement.document == world["a"]["cases.attachment"]


# Rows the admin only shows: the outbox, the parties' feedback, the timeline, the number counters.
READ_ONLY = {
    "cases.notification": {"recipient": "x@evil.example", "state": "pending", "kind": "dispute_received"},
    "cases.feedback": {"rating": 1, "comment": "Edited"},
    "cases.caseevent": {"action": "cases.dispute.settled", "is_public": "on"},
    "cases.numbersequence": {"prefix": "AST", "year": 2026, "last": 0},
}


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_rows_only_services_write_are_never_added_changed_or_deleted_by_hand(client, world, staff_a, operator, label):
    obj = world["a"][label]
    model = type(obj)
    before, count = _snapshot(obj, [field.name for field in model._meta.concrete_fields]), model.objects.count()
    for user in (staff_a, operator):
        client.force_login(user)
        add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        assert client.get(add).status_code == 403
        assert client.post(add, READ_ONLY[label]).status_code == 403
        assert client.post(_admin_url(obj), READ_ONLY[label]).status_code == 403
        assert client.post(_admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert _snapshot(obj, before) == before and model.objects.count() == count


def test_no_page_shows_what_a_message_carries_beyond_the_database(client, world, staff_a, operator):
    # A row's context holds what the message needs and the database does not: an access code.
    for user in (staff_a, operator):
        client.force_login(user)
        for url in (_admin_url(world["a"]["cases.notification"]), reverse("admin:cases_notification_changelist")):
            response = client.get(url)
            assert response.status_code == 200
            assert "SECRET-CODE" not in response.content.decode()


def test_number_sequences_are_the_operators_to_see(client, world, staff_a, operator):
    sequence = world["a"]["cases.numbersequence"]
    client.force_login(staff_a)
    assert client.get(reverse("admin:cases_numbersequence_changelist")).status_code == 403
    assert "numbersequence" not in client.get(reverse("admin:index")).content.decode()
    client.force_login(operator)
    assert client.get(_admin_url(sequence)).status_code == 200


def test_an_official_posts_nothing_anywhere(client, world, official):
    # Changelist actions included: the workflow's actions are not even offered.
    client.force_login(official)
    dispute = world["a"]["cases.dispute"]
    url = reverse("admin:cases_dispute_changelist")
    assert client.post(url, {"action": "accept_as_mediable", "_selected_action": [dispute.pk]}).status_code == 403
    assert client.post(_admin_url(dispute), change_form(client, _admin_url(dispute), summary="x")).status_code == 403
    assert SettlementAgreement.objects.count() == 2


def test_a_mediators_lists_are_picked_from_their_choices_and_may_be_empty(client, world, staff_a):
    mediator = world["a"]["mediators.mediator"]
    client.force_login(staff_a)
    url = _admin_url(mediator)
    data = change_form(client, url, languages=["kk", "en"])
    data.pop("specialisations", None)  # every box unticked
    assert client.post(url, data).status_code == 302
    mediator.refresh_from_db()
    assert (mediator.languages, mediator.specialisations) == (["kk", "en"], [])
    data["specialisations"] = ["labour", "not-a-category"]
    assert client.post(url, data).status_code == 200  # not a valid choice
