"""Record history (django-simple-history) is a read-only audit view, scoped like the change page.

Disputes, parties, hearings and mediators keep every change. Their history pages show it
to those who may see the object and to nobody else (404), and no role can write through
them: a revert would put back a status, a mediator or a deadline with no CaseEvent.
"""

import pytest
from django.urls import reverse

from cases.models import CaseEvent, Dispute, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

WITH_HISTORY = ["cases.dispute", "cases.party", "cases.hearing", "mediators.mediator"]
ROLES_WHO_SEE_A = ["operator", "staff_a", "mediator_user", "official"]


def _urls(obj):  # type: ignore[no-untyped-def]
    info = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    oldest = obj.history.last()
    return reverse(f"{info}_history", args=[obj.pk]), reverse(
        f"{info}_simple_history", args=[obj.pk, oldest.history_id]
    )


def _revert_form(obj) -> dict:  # type: ignore[no-untyped-def]
    """What a revert of the oldest version would post: its values, field by field."""
    oldest = obj.history.last()
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(oldest, field.attname, None)
        data[field.name] = "" if value is None else value
    return data


@pytest.fixture
def changed_world(world):  # type: ignore[no-untyped-def]
    """The world after one more change of every object with history, so there is an older version."""
    for side in world.values():
        for label in WITH_HISTORY:
            obj = side[label]
            obj.refresh_from_db()
            obj.save()
    return world


@pytest.mark.parametrize("who", ROLES_WHO_SEE_A)
@pytest.mark.parametrize("label", WITH_HISTORY)
def test_history_is_shown_read_only_to_those_who_see_the_object(request, client, changed_world, who, label):
    client.force_login(request.getfixturevalue(who))
    history, version = _urls(changed_world["a"][label])
    assert client.get(history).status_code == 200
    page = client.get(version)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html  # no Revert button
    assert "<textarea" not in html and 'type="text"' not in html  # every field shown as text


@pytest.mark.parametrize("who", ["staff_a", "mediator_user"])
@pytest.mark.parametrize("label", WITH_HISTORY)
def test_history_of_what_a_user_may_not_see_is_not_found(request, client, changed_world, who, label):
    client.force_login(request.getfixturevalue(who))
    for url in _urls(changed_world["b"][label]):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ROLES_WHO_SEE_A)
@pytest.mark.parametrize("label", WITH_HISTORY)
def test_no_role_can_revert_or_post_through_history(request, client, changed_world, who, label):
    obj = changed_world["a"][label]
    before = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    versions, events = obj.history.count(), CaseEvent.objects.count()
    client.force_login(request.getfixturevalue(who))
    history, version = _urls(obj)
    for url in (history, version):
        assert client.post(url, _revert_form(obj)).status_code == 403
        assert client.post(url, {**_revert_form(obj), "_change_history": "1"}).status_code == 403
    obj.refresh_from_db()
    assert {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields} == before
    assert obj.history.count() == versions and CaseEvent.objects.count() == events


def test_a_revert_cannot_put_a_dispute_back_to_submitted(client, world, staff_a):
    dispute = world["a"]["cases.dispute"]
    mediator = dispute.mediator
    dispute.status, dispute.mediator = Status.SUBMITTED, None
    dispute.save()
    dispute.status, dispute.mediator = Status.IN_MEDIATION, mediator
    dispute.save()
    submitted = dispute.history.filter(status=Status.SUBMITTED).first()
    client.force_login(staff_a)
    url = reverse("admin:cases_dispute_simple_history", args=[dispute.pk, submitted.history_id])
    data = {**_revert_form(dispute), "status": Status.SUBMITTED, "mediator": "", "deadline": ""}
    assert client.post(url, data).status_code == 403
    dispute.refresh_from_db()
    assert dispute.status == Status.IN_MEDIATION and dispute.mediator == mediator


def test_a_version_of_another_object_is_not_found(client, changed_world, staff_a):
    dispute_a, dispute_b = changed_world["a"]["cases.dispute"], changed_world["b"]["cases.dispute"]
    client.force_login(staff_a)
    # A's page with the id of one of B's versions: no such version of A.
    url = reverse("admin:cases_dispute_simple_history", args=[dispute_a.pk, dispute_b.history.first().history_id])
    assert client.get(url).status_code == 404


def test_the_history_of_a_deleted_object_is_not_shown_from_its_records(client, world, operator, staff_a):
    # django-simple-history falls back to the last record of a deleted object; outside the
    # scope (and once deleted) the history is not found, as the change page is.
    dispute = world["b"]["cases.dispute"]
    url = reverse("admin:cases_dispute_history", args=[dispute.pk])
    Dispute.objects.filter(pk=dispute.pk).delete()
    for user in (operator, staff_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
