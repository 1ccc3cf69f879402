"""Control characters never reach a stored text: public forms, the admin and every save drop them."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from cases.models import Feedback, Party
from centers.models import Room
from centers.plaintext import PlainTextFormField, clean_text

from ..factories import DisputeFactory, PartyFactory, RoomFactory, UserFactory

SPOOFED = "Test \u202egnp.exe\u202c Name"


@pytest.mark.parametrize(
    ("typed", "multiline", "stored"),
    [
        (SPOOFED, False, "Test gnp.exe Name"),
        ("\u2066Isolated\u2069 \u200fmarks\u200e", False, "Isolated marks"),
        ("Red \x1b[31mlog\x1b[0m line", False, "Red [31mlog[0m line"),
        ("bell\x07 and \x9bCSI", False, "bell and CSI"),
        ("line one\r\nline two\tend", False, "line one line two end"),
        ("line one\r\nline two\rthree\tend\u2028", True, "line one\nline two\nthree\tend"),
        ("Айгүл Нұрланқызы", False, "Айгүл Нұрланқызы"),
        ("👩\u200d💻 ZWJ stays", False, "👩\u200d💻 ZWJ stays"),
    ],
)
def test_it_drops_control_characters(typed, multiline, stored):
    assert clean_text(typed, multiline=multiline) == stored


def test_a_form_field_cleans_before_it_checks_the_length():
    field = PlainTextFormField(max_length=17)

    assert field.clean(SPOOFED) == "Test gnp.exe Name"


@pytest.mark.django_db
def test_every_save_stores_the_text_clean_whoever_writes_it():
    dispute = DisputeFactory(summary=f"Summary {SPOOFED}", description=f"First\r\n{SPOOFED}")
    party = PartyFactory(dispute=dispute, name=SPOOFED, address="Astana\x1b[2J")
    feedback = Feedback.objects.create(
        dispute=dispute, party=party, rating=4, comment=f"Fine\x1b]0;title\x07 {SPOOFED}"
    )

    dispute.refresh_from_db()
    party.refresh_from_db()
    feedback.refresh_from_db()
    assert dispute.summary == "Summary Test gnp.exe Name"
    assert dispute.description == "First\nTest gnp.exe Name"
    assert (party.name, party.address) == ("Test gnp.exe Name", "Astana[2J")
    assert feedback.comment == "Fine]0;title Test gnp.exe Name"
    assert party.name == Party.objects.get(pk=party.pk).name


@pytest.mark.django_db
def test_the_admins_forms_show_the_cleaned_text(rf: RequestFactory):
    room = RoomFactory(name="Room 1")
    request = rf.post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = admin.site._registry[Room].get_form(request, room)

    form = form_class({"center": room.center_id, "name": SPOOFED, "capacity": 6, "is_active": "on"}, instance=room)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Test gnp.exe Name"


# Text the software writes or checks itself, never free text a person types.
MACHINE_TEXT = {
    "centers.Region": {"code", "prefix", "name", "administrative_center"},  # loaded by a migration
    "centers.TradeUnionAssociation": {"bin"},  # 12 digits, validated
    "cases.NumberSequence": {"prefix"},
    "cases.Dispute": {"number", "access_code_hash", "intake_token"},
    "cases.Party": {"identifier", "consent_version"},
    "cases.Attachment": {"original_name", "content_type", "sha256"},  # cases.uploads.display_name cleans the name
    "cases.KeptUpload": {"form_token", "original_name", "content_type", "sha256"},
    "cases.CaseEvent": {"action", "actor_role"},
    "cases.Notification": {"kind", "recipient", "dedupe_key", "last_error"},
    # The dashboard's summary: codes copied from the disputes by oversight.summary.
    "oversight.CohortTally": {"category", "language", "status"},
    "oversight.ClosureTally": {"category", "language"},
    "oversight.MediatorTally": {"status"},
}


def _project_models():  # type: ignore[no-untyped-def]
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(settings.BASE_DIR) and ".venv" not in path.parts:
            yield from (model for model in config.get_models() if not model.__name__.startswith("Historical"))


def test_every_text_column_people_type_into_is_plain_text():
    """A new text field must say which it is: plain text (PlainCharField/PlainTextField) or machine text."""
    from django.db import models
    from phonenumber_field.modelfields import PhoneNumberField

    from centers.plaintext import PlainCharField, PlainTextField

    # Formats a validator checks, and plain text: neither holds control characters.
    allowed = (models.EmailField, models.URLField, models.SlugField, PhoneNumberField, PlainCharField, PlainTextField)
    unplain = [
        f"{model._meta.label}.{field.name}"
        for model in _project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not isinstance(field, allowed)
        # A translation field (name_kk) counts as the field it translates.
        and getattr(field, "translated_field", field).name not in MACHINE_TEXT.get(model._meta.label, set())
    ]

    assert unplain == []
