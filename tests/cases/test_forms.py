"""The intake form's validation, field by field, with the messages a person reads (in English here)."""

from decimal import Decimal

import pytest
from django.utils import translation

from cases.form_fields import ClaimAmountField
from cases.forms import IntakeForm
from tests.factories import CenterFactory, make_bin, make_iin

from .intake_samples import valid_post


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def center(db):
    return CenterFactory()


def bound(center, **overrides) -> IntakeForm:
    form = IntakeForm(valid_post(center, **overrides))
    form.is_valid()
    return form


def errors_of(form: IntakeForm) -> dict[str, list[str]]:
    """Every error of the three forms, keyed by prefixed field name ("__all__" for the form's own)."""
    result: dict[str, list[str]] = {}
    for sub in form.forms:
        for name, messages in sub.errors.items():
            key = name if name == "__all__" else sub.add_prefix(name)
            result.setdefault(key, []).extend(messages)
    return result


def wrong_check_digit(number: str) -> str:
    return number[:11] + str((int(number[11]) + 1) % 10)


def test_it_accepts_a_complete_submission(center):
    form = bound(center)

    assert form.is_valid(), errors_of(form)
    assert form.dispute.cleaned_data["center"] == center
    assert form.dispute.cleaned_data["claim_amount"] == Decimal("450000.00")
    assert form.applicant.cleaned_data["phone"].as_e164 == "+77012345678"


# --- IIN and BIN -------------------------------------------------------------------------


def test_it_accepts_an_iin_typed_with_spaces(center):
    iin = make_iin()
    form = bound(center, **{"applicant-identifier": f"{iin[:6]} {iin[6:]}"})

    assert form.is_valid(), errors_of(form)
    assert form.applicant.cleaned_data["identifier"] == iin


def test_it_rejects_an_iin_with_a_wrong_check_digit(center):
    form = bound(center, **{"applicant-identifier": wrong_check_digit(make_iin())})

    assert errors_of(form)["applicant-identifier"] == ["This IIN is not valid: its check digit does not match."]


def test_it_rejects_an_iin_of_the_wrong_length(center):
    form = bound(center, **{"applicant-identifier": "12345"})

    assert errors_of(form)["applicant-identifier"] == ["An IIN consists of exactly 12 digits."]


def test_it_requires_the_applicants_iin(center):
    form = bound(center, **{"applicant-identifier": ""})

    assert errors_of(form)["applicant-identifier"] == ["Enter your IIN, or your organisation's BIN."]


def test_it_checks_an_organisation_applicant_against_the_bin_rules(center):
    as_bin = bound(center, **{"applicant-kind": "organisation", "applicant-identifier": make_bin()})
    iin_for_organisation = bound(center, **{"applicant-kind": "organisation", "applicant-identifier": make_iin()})

    assert as_bin.is_valid(), errors_of(as_bin)
    assert errors_of(iin_for_organisation)["applicant-identifier"][0].startswith("This BIN")


def test_it_rejects_a_bin_with_a_wrong_check_digit(center):
    form = bound(center, **{"respondent-identifier": wrong_check_digit(make_bin())})

    assert errors_of(form)["respondent-identifier"] == ["This BIN is not valid: its check digit does not match."]


def test_it_lets_the_respondents_identifier_be_left_empty(center):
    form = bound(center, **{"respondent-identifier": ""})

    assert form.is_valid(), errors_of(form)


# --- Phones and e-mail -------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["+7 701 234 5678", "87012345678", "+7 (747) 123-45-67", "+7 7172 12 34 56"])
def test_it_accepts_kazakh_numbers(center, phone):
    form = bound(center, **{"applicant-phone": phone})

    assert form.is_valid(), errors_of(form)


@pytest.mark.parametrize(
    "typed", ["8 701 234 56 78", "+7 701 234 5678", "87012345678", "+77012345678", "7012345678", "8 (701) 234-56-78"]
)
def test_it_shows_a_phone_back_as_egov_writes_it_whichever_way_it_was_typed(center, typed):
    # Another field is wrong, so the form comes back with the phone as it will be read.
    form = bound(center, **{"applicant-phone": typed, "applicant-name": ""})

    html = str(form.applicant["phone"])

    assert not form.is_valid() and "applicant-phone" not in form.applicant.errors
    assert 'value="+7 (701) 234-56-78"' in html
    assert 'type="tel"' in html and 'inputmode="tel"' in html and 'autocomplete="tel"' in html
    assert form.applicant.cleaned_data["phone"] == "+77012345678"


def test_it_shows_a_mistyped_phone_back_as_typed(center):
    form = bound(center, **{"applicant-phone": "8 701 234 56"})

    assert 'value="8 701 234 56"' in str(form.applicant["phone"])


def test_the_other_sides_phone_is_not_filled_from_the_browsers_own(center):
    form = bound(center)

    assert 'autocomplete="off"' in str(form.respondent["phone"])


@pytest.mark.parametrize("phone", ["+7 916 123 4567", "+7 (495) 123-45-67"])
def test_it_rejects_russian_numbers_although_they_share_plus_seven(center, phone):
    form = bound(center, **{"applicant-phone": phone})

    assert errors_of(form)["applicant-phone"] == [
        "Enter a phone number of Kazakhstan (+7 6xx or +7 7xx); numbers of other countries are not accepted."
    ]


@pytest.mark.parametrize("phone", ["12345", "+7 701", "call me", "+44 20 7946 0958 0000"])
def test_it_rejects_what_is_not_a_phone_number(center, phone):
    form = bound(center, **{"applicant-phone": phone})

    assert errors_of(form)["applicant-phone"] == ["Enter a valid phone number, e.g. +7 (701) 234-56-78."]


def test_it_rejects_a_foreign_number_that_is_valid_abroad(center):
    form = bound(center, **{"respondent-phone": "+44 20 7946 0958"})

    assert "numbers of other countries are not accepted" in errors_of(form)["respondent-phone"][0]


@pytest.mark.parametrize("email", ["aigerim", "aigerim@", "@example.kz", "a b@example.kz"])
def test_it_rejects_an_invalid_email(center, email):
    form = bound(center, **{"applicant-email": email})

    assert errors_of(form)["applicant-email"] == ["Enter a valid email address."]


def test_it_needs_an_email_or_a_phone_of_the_applicant(center):
    neither = bound(center, **{"applicant-email": "", "applicant-phone": ""})
    phone_only = bound(center, **{"applicant-email": ""})

    assert errors_of(neither)["applicant-email"] == [
        "Give an e-mail address or a phone number, so that we can send you the case number and access code."
    ]
    assert phone_only.is_valid(), errors_of(phone_only)


def test_it_does_not_add_the_contact_message_to_a_wrong_phone(center):
    form = bound(center, **{"applicant-email": "", "applicant-phone": "12345"})

    assert "applicant-email" not in errors_of(form)
    assert "applicant-phone" in errors_of(form)


def test_it_needs_one_way_to_reach_the_respondent(center):
    none = bound(center, **{"respondent-email": "", "respondent-phone": "", "respondent-address": ""})
    address_only = bound(center, **{"respondent-email": "", "respondent-address": "Astana, 5 Abai Avenue"})

    assert errors_of(none)["respondent-email"] == [
        "Give at least one way to reach the other side: an e-mail address, a phone number or an address."
    ]
    assert address_only.is_valid(), errors_of(address_only)


# --- Lengths and required fields ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("applicant-name", "", "This field is required."),
        ("applicant-name", "A" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("respondent-name", "", "This field is required."),
        ("applicant-address", "A" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        ("dispute-summary", "", "This field is required."),
        ("dispute-summary", "S" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("dispute-description", "Too short text.", "Ensure this value has at least 20 characters (it has 15)."),
        ("dispute-description", "D" * 10_001, "Ensure this value has at most 10000 characters (it has 10001)."),
        ("dispute-category", "", "This field is required."),
        ("dispute-category", "divorce", "Select a valid choice. divorce is not one of the available choices."),
        ("dispute-language", "de", "Select a valid choice. de is not one of the available choices."),
        ("applicant-kind", "robot", "Select a valid choice. robot is not one of the available choices."),
    ],
)
def test_it_reports_each_field_problem_on_its_field(center, field, value, message):
    form = bound(center, **{field: value})

    assert message in errors_of(form)[field]


def test_it_accepts_the_boundary_lengths(center):
    form = bound(
        center,
        **{"dispute-summary": "S" * 200, "dispute-description": "D" * 20, "applicant-name": "N" * 200},
    )

    assert form.is_valid(), errors_of(form)


def test_it_refuses_without_consent(center):
    form = bound(center, **{"dispute-consent": None})

    assert errors_of(form)["dispute-consent"] == [
        "To file a dispute, you must consent to the processing of personal data."
    ]


def test_it_asks_to_read_the_consent_again_when_its_version_changed(center):
    form = bound(center, **{"dispute-consent_version": "2020-01-v0"})

    assert errors_of(form)["__all__"] == ["The consent text has been updated. Please read it again and confirm."]


def test_it_gives_a_generic_error_when_the_honeypot_is_filled(center):
    form = bound(center, **{"dispute-website": "http://spam.example"})

    assert not form.is_valid()
    assert errors_of(form) == {"__all__": ["We could not accept this form. Please check it and send it again."]}


# --- Region and center -------------------------------------------------------------------


def test_it_picks_the_only_center_of_the_chosen_region(center):
    form = bound(center, **{"dispute-center": ""})

    assert form.is_valid(), errors_of(form)
    assert form.dispute.cleaned_data["center"] == center


def test_it_asks_to_choose_when_the_region_has_several_centers(center):
    CenterFactory(association=center.association)
    form = bound(center, **{"dispute-center": ""})

    assert errors_of(form)["dispute-center"] == ["This region has several centers: choose one."]


def test_it_rejects_a_center_outside_the_chosen_region(center, center_b):
    form = bound(center, **{"dispute-center": str(center_b.pk)})

    assert errors_of(form)["dispute-center"] == [
        "This center is not in the region you chose: choose one of that region's centers."
    ]


def test_it_needs_a_region_or_a_center(center):
    form = bound(center, **{"dispute-center": "", "dispute-region": ""})

    assert errors_of(form)["dispute-center"] == ["Choose a region or a reconciliation center."]


def test_it_does_not_offer_an_inactive_center(center):
    closed = CenterFactory(association=center.association, is_active=False)
    form = bound(center, **{"dispute-center": str(closed.pk)})

    assert "dispute-center" in errors_of(form)
    assert f'value="{closed.pk}"' not in str(form.dispute["center"])


def test_it_lists_centers_grouped_by_region(center, center_b):
    html = str(IntakeForm().dispute["center"])

    assert f'<optgroup label="{center.region.name}">' in html
    assert f'<optgroup label="{center_b.region.name}">' in html


def test_it_preselects_the_center_of_a_region(center):
    form = IntakeForm(region=center.region)

    assert form.dispute["center"].value() == center.pk
    assert form.dispute["region"].value() == center.region.code


# --- Claim amount ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150 000", Decimal("150000.00")),
        ("150000,50", Decimal("150000.50")),
        ("150000.5", Decimal("150000.50")),
        ("1\u00a0250\u00a0000,75 ₸", Decimal("1250000.75")),
        ("12 000 KZT", Decimal("12000.00")),
        ("0", Decimal("0.00")),
        ("999999999999,99", Decimal("999999999999.99")),
        ("100,500", Decimal("100.50")),
        ("", None),
    ],
)
def test_it_reads_amounts_as_people_write_them(typed, amount):
    assert ClaimAmountField(required=False).clean(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The amount cannot be negative."),
        ("1,250.50", "Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
        ("1.250.000", "Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
        ("ten thousand", "Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
        ("1e9", "Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
        ("NaN", "Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
        (",", "Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
        ("10,123", "Tiyn take at most two digits after the comma."),
        ("1000000000000", "The amount is too large: at most 12 digits before the comma."),
        ("9" * 60, "Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
    ],
)
def test_it_explains_amounts_it_cannot_read(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        ClaimAmountField(required=False).clean(typed)
    assert caught.value.messages == [message]


def test_its_messages_differ_by_language(center):
    data = valid_post(center, **{"applicant-identifier": wrong_check_digit(make_iin())})
    messages = {}
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            form = IntakeForm(data)
            form.is_valid()
            messages[language] = form.applicant.errors["identifier"][0]
    assert messages["en"] == "This IIN is not valid: its check digit does not match."
    assert len(set(messages.values())) == 3


def test_the_error_summary_names_each_field_briefly(center):
    form = bound(center, **{"applicant-identifier": "123", "respondent-email": "nobody", "dispute-consent": None})

    assert not form.is_valid()
    summary = dict(form.error_summary())
    assert summary["id_applicant-identifier"] == "Your IIN or BIN: An IIN consists of exactly 12 digits."
    assert summary["id_respondent-email"] == "The other side's e-mail: Enter a valid email address."
    assert summary["id_dispute-consent"].startswith("Consent: To file a dispute, you must consent")
