"""Crafted query strings and paths: the admin answers 400, 404, a redirect or the page, never 500.

Every changelist of the registry is fed hostile filters, searches, orderings, pages and
date hierarchies, as the operator (who sees every admin) and as center staff, on SQLite
and on PostgreSQL (which refuses NUL in text and checks regular expressions itself).
"""

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

HOSTILE_QUERIES = [
    # search
    "q=%00", "q=a%00b", "q=%ff%fe", "q=" + "x" * 5000, "q=%25%5F%5C", "q=\"unclosed",
    # filters, local and across relations, with values of the wrong kind
    "status=%00", "status__exact=%00", "status__exact=x%00y&_facets=1", "center__region__id__exact=%00",
    "center__region__id__exact=abc", "dispute__id__exact=abc", "dispute__id__exact=99999999999999999999999",
    "id__in=1,abc", "pk=abc", "id__gt=99999999999999999999999", "rating=abc", "is_active__exact=abc",
    "weekday__exact=abc", "submitted_at__gte=abc", "created_at__year=-5", "start__year=0", "due_at__lt=2026-13-45",
    "number__regex=(", "summary__iregex=[", "name__regex=(a*)*b", "no_such_field=1", "user__password__startswith=p",
    "claim_amount__gt=1e999", "claim_amount__gt=NaN",
    # date hierarchy
    "submitted_at__year=99999", "submitted_at__year=abc", "submitted_at__year=2024&submitted_at__month=13",
    "submitted_at__year=2024&submitted_at__month=2&submitted_at__day=31", "created_at__year=0&created_at__month=0",
    "start__year=-1&start__month=1&start__day=1",
    # ordering and pagination
    "o=abc", "o=99", "o=1.-2.x", "o=-", "o=%00", "p=abc", "p=-1", "p=0", "p=999999999999999999999", "p=%00",
    "all=&p=2", "e=1", "_facets=1&q=%00",
    # raw-id lookup popups
    "_to_field=id&_popup=1", "_to_field=password&_popup=1", "_to_field=%00&_popup=1", "_popup=abc",
]  # fmt: skip

# Paths with ids that are none: not found, whatever page they name.
HOSTILE_PATHS = [
    "{base}abc/change/", "{base}abc/history/", "{base}abc/delete/", "{base}%00/change/", "{base}-1/change/",
    "{base}99999999999999999999999/change/", "{base}1.5/history/", "{base}../change/",
]  # fmt: skip
HISTORY_PATHS = ["{obj}history/abc/", "{obj}history/-1/", "{obj}history/99999999999999999999999/", "{obj}history/1.5/"]


def _get(client, url: str) -> int:  # type: ignore[no-untyped-def]
    # In a savepoint: a refused statement must not end the test's transaction on PostgreSQL.
    with transaction.atomic():
        status = client.get(url).status_code
        transaction.set_rollback(True)
    return status


def _changelists():  # type: ignore[no-untyped-def]
    return [
        (model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("who", ["operator", "staff_a"])
@pytest.mark.parametrize("label", sorted(model._meta.label_lower for model in admin.site._registry))
def test_no_changelist_answers_a_hostile_query_string_with_a_server_error(request, client, world, who, label):
    url = {model._meta.label_lower: url for model, url in _changelists()}[label]
    client.force_login(request.getfixturevalue(who))
    client.raise_request_exception = False
    failures = [f"?{query}: {status}" for query in HOSTILE_QUERIES if (status := _get(client, f"{url}?{query}")) >= 500]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["operator", "staff_a"])
def test_ids_that_are_none_are_not_found(request, client, world, who):
    client.force_login(request.getfixturevalue(who))
    client.raise_request_exception = False
    failures = []
    for model, url in _changelists():
        for path in HOSTILE_PATHS:
            status = _get(client, path.format(base=url))
            if status not in (302, 400, 403, 404):
                failures.append(f"{path.format(base=url)}: {status}")
        if hasattr(model, "history"):
            obj = world["a"][model._meta.label_lower]
            for path in HISTORY_PATHS:
                status = _get(client, path.format(obj=f"{url}{obj.pk}/"))
                if status != 404:
                    failures.append(f"{path.format(obj=f'{url}{obj.pk}/')}: {status}")
    assert not failures, "\n".join(failures)


def test_a_nul_character_anywhere_in_a_query_string_is_a_bad_request(client, world, staff_a):
    assert client.get("/centers/?q=%00").status_code == 400
    assert client.get("/track/?x%00=1").status_code == 400
    client.force_login(staff_a)
    assert client.get(reverse("admin:cases_dispute_changelist") + "?status=%00").status_code == 400
    assert client.get(reverse("admin:autocomplete") + "?term=%00&app_label=cases&model_name=hearing").status_code == 400


def test_a_bad_filter_value_sends_the_list_back_with_the_error_flag(client, world, staff_a):
    client.force_login(staff_a)
    for query in ("dispute__id__exact=abc", "created_at__year=-5", "number__regex=("):
        response = client.get(reverse("admin:cases_party_changelist") + f"?{query}")
        assert response.status_code in (302, 400), query
        if response.status_code == 302:
            assert response.url.endswith("?e=1"), query


def test_actions_on_ids_that_are_none_change_nothing(client, world, staff_a):
    from cases.models import CaseEvent, Dispute

    client.force_login(staff_a)
    url = reverse("admin:cases_dispute_changelist")
    events = CaseEvent.objects.count()
    for selected in (["abc"], ["%00"], ["99999999999999999999999"], [""], ["1.5"]):
        with transaction.atomic():
            response = client.post(url, {"action": "accept_as_mediable", "_selected_action": selected})
        assert response.status_code in (200, 302, 400), selected
    assert CaseEvent.objects.count() == events
    assert set(Dispute.objects.values_list("status", flat=True)) == {"in_mediation"}
