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
