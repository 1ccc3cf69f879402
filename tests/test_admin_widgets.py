"""Every relation widget of the admin offers and accepts only what the user may see.

Selects, raw ids, autocompletes and many-to-many pickers, in the forms of every admin
and inline, the raw-id lookup popups, the autocomplete view for every relation of every
model, and the related list filters: none lists center B's rows to center A's staff, nor
another mediator's rows to a mediator, nor any account to anyone but the operator.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, Hearing
from centers.models import Room
from mediators.models import Availability

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

PUBLIC = {"centers.region", "centers.tradeunionassociation"}


def _hidden_from(world, who: str) -> set:  # type: ignore[no-untyped-def]
    """Rows `who` may not see: center B's, and for the mediator also A's rows not theirs; accounts."""
    shared = {id(obj) for obj in world["a"].values()}
    hidden = {
        (obj._meta.label_lower, obj.pk)
        for label, obj in world["b"].items()
        if id(obj) not in shared and label not in PUBLIC
    }
    hidden |= {(p._meta.label_lower, p.pk) for p in world["b"]["cases.dispute"].parties.all()}
    return hidden


def _relation_fields(response):  # type: ignore[no-untyped-def]
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [*inline.formset.forms, inline.formset.empty_form]
    for form in forms:
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField):
                yield f"{type(form).__name__}.{name}", field


def _our_admins():  # type: ignore[no-untyped-def]
    return [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label in {"centers", "mediators", "cases"}]


@pytest.mark.parametrize("who", ["staff_a", "mediator_user"])
def test_no_form_offers_a_row_the_user_may_not_see_nor_any_account(request, client, world, who):
    client.force_login(request.getfixturevalue(who))
    hidden = _hidden_from(world, who)
    user_label = get_user_model()._meta.label_lower
    failures = []
    for model, _model_admin in _our_admins():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = world["a"][model._meta.label_lower]
        for url in (reverse(f"{info}_add"), reverse(f"{info}_change", args=[obj.pk])):
            response = client.get(url)
            if response.status_code != 200:
                continue
            for name, field in _relation_fields(response):
                for choice in field.queryset:
                    key = (choice._meta.label_lower, choice.pk)
                    if key in hidden or key[0] == user_label:
                        failures.append(f"{url} {name} offers {key}")
    assert not failures, "\n".join(failures)


def test_a_posted_choice_outside_the_scope_is_refused(client, world, staff_a):
    client.force_login(staff_a)
    a, b = world["a"], world["b"]
    now = timezone.now()
    hearing = {
        "start_0": now.date(),
        "start_1": "10:00",
        "end_0": now.date(),
        "end_1": "11:00",
        "online_url": "https://x.kz/1",
    }
    posts = [
        ("cases_hearing", {**hearing, "dispute": b["cases.dispute"].pk, "mediator": a["mediators.mediator"].pk}),
        ("cases_hearing", {**hearing, "dispute": a["cases.dispute"].pk, "mediator": b["mediators.mediator"].pk}),
        ("cases_hearing", {**hearing, "dispute": a["cases.dispute"].pk, "mediator": a["mediators.mediator"].pk,
                           "room": b["centers.room"].pk}),
        ("centers_room", {"center": b["centers.center"].pk, "name": "Annex", "capacity": 4, "is_active": "on"}),
        ("mediators_availability", {"mediator": b["mediators.mediator"].pk, "weekday": 1, "start_time": "09:00",
                                    "end_time": "12:00"}),
        ("cases_attachment", {"dispute": b["cases.dispute"].pk}),
    ]  # fmt: skip
    counts = (Hearing.objects.count(), Room.objects.count(), Availability.objects.count(), Attachment.objects.count())
    for info, data in posts:
        response = client.post(reverse(f"admin:{info}_add"), data)
        assert response.status_code == 200, info  # the form again, with "select a valid choice"
        assert response.context["adminform"].form.errors, info
    assert (
        Hearing.objects.count(),
        Room.objects.count(),
        Availability.objects.count(),
        Attachment.objects.count(),
    ) == counts


def _relations():  # type: ignore[no-untyped-def]
    """(source model, field, remote model) for every relation of every registered model."""
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in admin.site._registry:
                yield model, field, field.related_model


@pytest.mark.parametrize("who", ["staff_a", "mediator_user", "official"])
def test_the_autocomplete_of_every_relation_lists_only_what_the_user_sees(request, client, world, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    hidden = _hidden_from(world, who) if who != "official" else set()
    failures = []
    for model, field, remote in _relations():
        url = reverse("admin:autocomplete") + (
            f"?app_label={model._meta.app_label}&model_name={model._meta.model_name}&field_name={field.name}&term="
        )
        response = client.get(url)
        if response.status_code in (403, 404):
            continue  # no search on that model, or no permission to see it
        assert response.status_code == 200, url
        ids = {result["id"] for result in response.json()["results"]}
        for label, pk in hidden:
            if label == remote._meta.label_lower and str(pk) in ids:
                failures.append(f"{url} lists {label} {pk}")
        if remote is get_user_model() and ids:
            failures.append(f"{url} lists accounts")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["staff_a", "mediator_user"])
def test_raw_id_lookup_popups_list_only_what_the_user_sees(request, client, world, who):
    client.force_login(request.getfixturevalue(who))
    hidden = _hidden_from(world, who)
    failures = []
    for _model, field, remote in _relations():
        to_field = field.remote_field.field_name if hasattr(field.remote_field, "field_name") else "id"
        url = reverse(f"admin:{remote._meta.app_label}_{remote._meta.model_name}_changelist")
        response = client.get(f"{url}?_to_field={to_field}&_popup=1")
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        shown = {(obj._meta.label_lower, obj.pk) for obj in response.context["cl"].result_list}
        if shown & hidden:
            failures.append(f"{url} lists {shown & hidden}")
        if remote is get_user_model():
            failures.append(f"{url} lists accounts to {who}")
    assert not failures, "\n".join(failures)


def test_a_lookup_popup_refuses_a_field_no_relation_points_at(client, world, staff_a):
    client.force_login(staff_a)
    for url in (
        "/admin/cases/party/?_to_field=identifier&_popup=1",
        "/admin/cases/dispute/?_to_field=access_code_hash",
    ):
        assert client.get(url).status_code == 400


@pytest.mark.parametrize("who", ["staff_a", "mediator_user"])
def test_related_list_filters_offer_only_what_the_user_sees(request, client, world, who):
    from django.contrib.admin.filters import RelatedFieldListFilter

    client.force_login(request.getfixturevalue(who))
    hidden = _hidden_from(world, who)
    failures = []
    for model, _model_admin in _our_admins():
        response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        if response.status_code != 200:
            continue
        for spec in response.context["cl"].filter_specs:
            if isinstance(spec, RelatedFieldListFilter):
                label = spec.field.related_model._meta.label_lower
                offered = {(label, pk) for pk, _name in spec.lookup_choices}
                if offered & hidden:
                    failures.append(f"{model._meta.label} filter {spec.field_path} offers {offered & hidden}")
    assert not failures, "\n".join(failures)


def test_an_account_picker_is_the_operators_alone(client, world, staff_a, citizen):
    client.force_login(staff_a)
    page = client.get(reverse("admin:centers_center_change", args=[world["a"]["centers.center"].pk])).content.decode()
    assert citizen.email not in page
    assert client.get(reverse("admin:auth_user_changelist") + "?_to_field=id&_popup=1").status_code == 403
