"""The public intake form: about the applicant, the other side, the dispute, its files and consent.

Three Django forms with prefixes make one page; IntakeForm holds them together. The
rules shared with the service (IIN/BIN per kind, Kazakh phone, a way to reach each
party) come from cases.intake, so the form and the service cannot disagree.
"""

import json
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from centers.choices import DisputeCategory, Language
from centers.models import Center, Region
from centers.plaintext import PlainTextFormField

from . import uploads
from .consent import CONSENT_LABEL, CONSENT_VERSION
from .form_fields import ClaimAmountField, KazakhPhoneInput, KeptFilesField, MultipleFileField, MultipleFileInput
from .intake import PHONE_INVALID, validate_party
from .models import KeptUpload, Party


def current_language() -> str:
    """The visitor's interface language as one of kk, ru, en."""
    code = (translation.get_language() or "").split("-")[0]
    return code if code in Language.values else Language.KAZAKH


class PartyForm(forms.Form):
    """A party: kind, name, IIN/BIN, contacts, language."""

    role: str = ""
    labels: dict[str, Any] = {}
    short_names: dict[str, Any] = {}  # what the error summary calls each field

    kind = forms.ChoiceField(
        label=_("Who is it?"),
        choices=Party.Kind.choices,
        initial=Party.Kind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    name = PlainTextFormField(label=_("Full name or organisation name"), max_length=200)
    identifier = forms.CharField(
        label=_("IIN or BIN"),
        max_length=20,
        required=False,
        help_text=_("12 digits: the IIN of a person, the BIN of an organisation."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        region="KZ",
        required=False,
        error_messages={"invalid": PHONE_INVALID},
        widget=KazakhPhoneInput(),
    )
    address = PlainTextFormField(label=_("Postal address"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=Language.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if isinstance(label, tuple):
                self.fields[name].label, self.fields[name].help_text = label
            else:
                self.fields[name].label = label
        own = self.role == Party.Role.APPLICANT
        self.fields["email"].widget.attrs.setdefault("autocomplete", "email" if own else "off")
        self.fields["phone"].widget.attrs["autocomplete"] = "tel" if own else "off"

    def clean_identifier(self) -> str:
        # People copy IINs with spaces or dashes; the digits are what count.
        return re.sub(r"[\s\-]", "", self.cleaned_data.get("identifier") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            validate_party(role=self.role, data=cleaned)
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                if field in self.errors:
                    continue  # the field's own message already says what is wrong
                if field == "email" and ("phone" in self.errors or "email" in self.errors):
                    continue
                for error in errors:
                    self.add_error(field, error)
        return cleaned


class ApplicantForm(PartyForm):
    role = Party.Role.APPLICANT
    labels = {
        "kind": _("You file as"),
        "name": (_("Your full name, or your organisation's name"), ""),
        "identifier": (_("Your IIN (or your organisation's BIN)"), _("12 digits, as in your identity document.")),
        "email": (_("Your e-mail"), _("We send the case number and access code here.")),
        "phone": (
            _("Your mobile phone"),
            _("For example +7 (701) 234-56-78 or 8 701 234 56 78. Give an e-mail, a phone, or both."),
        ),
        "address": (_("Your postal address (optional)"), ""),
        "language": (_("Your language for letters and SMS"), ""),
    }
    short_names = {
        "kind": _("You file as"),
        "name": _("Your name"),
        "identifier": _("Your IIN or BIN"),
        "email": _("Your e-mail"),
        "phone": _("Your phone"),
        "address": _("Your address"),
        "language": _("Your language"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        identifier = self.fields["identifier"]
        identifier.required = True
        identifier.error_messages["required"] = _("Enter your IIN, or your organisation's BIN.")


class RespondentForm(PartyForm):
    role = Party.Role.RESPONDENT
    labels = {
        "kind": _("The other side is"),
        "name": (_("Their full name, or the organisation's name"), _("For an employer: the company's name.")),
        "identifier": (_("Their IIN or BIN (optional)"), _("If you know it: 12 digits.")),
        "email": (_("Their e-mail"), _("At least one way to reach them: e-mail, phone or address.")),
        "phone": (_("Their phone"), ""),
        "address": (_("Their address"), ""),
        "language": (_("Their language, if you know it"), ""),
    }
    short_names = {
        "kind": _("Who the other side is"),
        "name": _("The other side's name"),
        "identifier": _("The other side's IIN or BIN"),
        "email": _("The other side's e-mail"),
        "phone": _("The other side's phone"),
        "address": _("The other side's address"),
        "language": _("The other side's language"),
    }


def _centers_by_region() -> list[tuple[Region, list[Center]]]:
    groups: dict[int, tuple[Region, list[Center]]] = {}
    for center in Center.objects.filter(is_active=True).select_related("region").order_by("region__code", "name"):
        groups.setdefault(center.region_id, (center.region, []))[1].append(center)
    return list(groups.values())


class DisputeForm(forms.Form):
    """The dispute itself, its files, the consent and the honeypot."""

    short_names = {
        "category": _("Category"),
        "region": _("Region"),
        "center": _("Center"),
        "summary": _("The dispute in one sentence"),
        "description": _("What happened"),
        "claim_amount": _("Amount"),
        "language": _("Language of the mediation"),
        "attachments": _("Documents"),
        "consent": _("Consent"),
    }

    category = forms.ChoiceField(
        label=_("What is the dispute about?"),
        choices=[("", _("Choose a category")), *DisputeCategory.choices],
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Choose a region"),
        help_text=_("The center of this region is chosen for you; you can pick another below."),
    )
    center = forms.ModelChoiceField(
        label=_("Reconciliation center"),
        queryset=Center.objects.filter(is_active=True).select_related("region"),
        required=False,
        help_text=_("Centers are listed by region."),
    )
    summary = PlainTextFormField(
        label=_("The dispute in one sentence"),
        max_length=200,
        help_text=_("At most 200 characters, e.g. “Wages for March to May not paid”."),
    )
    description = PlainTextFormField(
        label=_("What happened, and what would you like to agree on?"),
        min_length=20,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Between 20 and 10,000 characters. Dates, amounts and names help the mediator."),
    )
    claim_amount = ClaimAmountField(
        label=_("Amount claimed, in tenge (optional)"),
        required=False,
        help_text=_("Only if money is at stake, e.g. 150 000 or 150000,50."),
    )
    language = forms.ChoiceField(label=_("Language of the mediation"), choices=Language.choices)
    attachments = MultipleFileField(
        label=_("Documents (optional)"),
        required=False,
        allow_empty_file=True,  # cases.uploads names the empty file in its message
        widget=MultipleFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}),
    )
    # Files kept from an earlier post of this form (cases.submissions); ticked ones go with it.
    keep = KeptFilesField(
        label=_("Documents you already attached"),
        required=False,
        help_text=_("They are kept: you need not attach them again. Untick a document to remove it."),
    )
    # The one-time token of this instance of the form (cases.submissions).
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": _("To file a dispute, you must consent to the processing of personal data.")},
    )
    # The honeypot: hidden from sight, labelled "leave empty" for screen readers; bots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, kept: Sequence[KeptUpload] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept = list(kept)
        self.fields["keep"].choices = [(str(row.pk), row.original_name) for row in self.kept]
        self.fields["keep"].initial = [str(row.pk) for row in self.kept]
        # New files that passed their checks, whatever else is wrong with the form: they are kept.
        self.passed_uploads: list[uploads.CheckedUpload] = []
        groups = _centers_by_region()
        center_field = self.fields["center"]
        center_field.choices = [
            ("", _("Choose a center")),
            *[(region.name, [(center.pk, center.name) for center in centers]) for region, centers in groups],
        ]
        # For static/js/intake.js: which centers belong to which region.
        center_field.widget.attrs["data-region-centers"] = json.dumps(
            {region.code: [center.pk for center in centers] for region, centers in groups}
        )
        self.fields["attachments"].help_text = _(
            "PDF, JPEG, PNG, DOC or DOCX; at most %(count)d files of %(size)d MB each."
        ) % {"count": settings.ATTACHMENT_MAX_FILES, "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}

    def kept_choices(self) -> list[tuple[KeptUpload, bool]]:
        """Each kept file and whether it is ticked, for the template."""
        ticked = {str(value) for value in (self["keep"].value() or [])}
        return [(row, str(row.pk) in ticked) for row in self.kept]

    def clean_attachments(self) -> list[uploads.CheckedUpload]:
        files = self.cleaned_data.get("attachments") or []
        self.passed_uploads, errors = uploads.check_each(files)
        if errors:
            raise ValidationError(errors)
        return self.passed_uploads

    def kept_to_file(self) -> list[KeptUpload]:
        """The kept files the person left ticked."""
        ticked = set(self.cleaned_data.get("keep") or [])
        return [row for row in self.kept if str(row.pk) in ticked]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        count = len(self.passed_uploads) + len(cleaned.get("keep") or [])
        if count > settings.ATTACHMENT_MAX_FILES:
            self.add_error("attachments", uploads.too_many_files_error())
        if cleaned.get("website"):
            raise ValidationError(
                _("We could not accept this form. Please check it and send it again."), code="rejected"
            )
        # The template sends the version of the text it showed (always the current one).
        if cleaned.get("consent") and self.data.get(self.add_prefix("consent_version")) != CONSENT_VERSION:
            # The text changed between showing the form and sending it: the person must see the new one.
            self.add_error(
                None,
                ValidationError(
                    _("The consent text has been updated. Please read it again and confirm."), code="consent_version"
                ),
            )
        region, center = cleaned.get("region"), cleaned.get("center")
        if center is None and "center" not in self.errors:
            in_region = list(Center.objects.filter(region=region, is_active=True)[:2]) if region else []
            if len(in_region) == 1:
                cleaned["center"] = in_region[0]
            elif region and in_region:
                self.add_error("center", _("This region has several centers: choose one."))
            elif region:
                self.add_error("center", _("No center works in this region yet: choose a center of another region."))
            else:
                self.add_error("center", _("Choose a region or a reconciliation center."))
        elif center is not None and region is not None and center.region_id != region.pk:
            self.add_error(
                "center", _("This center is not in the region you chose: choose one of that region's centers.")
            )
        return cleaned


class IntakeForm:
    """The three forms of the intake page, validated and rendered together."""

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        region: Region | None = None,
        center: Center | None = None,
        kept: Sequence[KeptUpload] = (),
        token: str = "",
        draft: Any = None,
    ) -> None:
        """Bound to `data` and `files` when sent; otherwise a new form, prefilled from a `draft` (QueryDict).

        `kept` are the files kept for this instance of the form, `token` its one-time token.
        """
        language = current_language()
        if center is not None:
            region = center.region
        elif region is not None:
            center = Center.objects.filter(region=region, is_active=True).order_by("name").first()
        self.applicant = ApplicantForm(data, prefix="applicant", initial={"language": language})
        self.respondent = RespondentForm(data, prefix="respondent", initial={"language": language})
        self.dispute = DisputeForm(
            data,
            files,
            prefix="dispute",
            kept=kept,
            initial={
                "language": language,
                "region": region.code if region else None,
                "center": center,
                "form_token": token,
            },
        )
        if draft is not None and data is None:
            for form in self.forms:
                _prefill(form, draft)
            self.dispute.initial["form_token"] = token

    @property
    def forms(self) -> tuple[forms.Form, ...]:
        return (self.applicant, self.respondent, self.dispute)

    @property
    def is_bound(self) -> bool:
        return self.dispute.is_bound

    def is_valid(self) -> bool:
        # Every form is validated, so all problems show at once.
        results = [form.is_valid() for form in self.forms]
        return all(results)

    def add_error(self, message: Any) -> None:
        self.dispute.add_error(None, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) for every problem, in page order, for the summary above the form."""
        summary: list[tuple[str, str]] = []
        for form in self.forms:
            for message in form.non_field_errors():
                summary.append(("", message))
            for name, field in form.fields.items():
                if name not in form.errors or field.widget.is_hidden:
                    continue
                bound = form[name]
                anchor = bound.id_for_label or f"{bound.auto_id}_0"  # radios: the first button
                short_name = form.short_names.get(name, field.label)  # type: ignore[attr-defined]
                for message in form.errors[name]:
                    summary.append((anchor, f"{short_name}: {message}"))
        return summary


def _prefill(form: forms.Form, draft: Any) -> None:
    """Give an unbound form the values of a draft (what was typed before a change of language)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.FileField):
            form.initial[name] = field.widget.value_from_datadict(draft, {}, form.add_prefix(name))


class CaseCredentialsForm(forms.Form):
    """A case number and its access code, as tracking and claiming ask for them."""

    _code_widget_attrs = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}

    number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("For example AST-2026-000123."),
        widget=forms.TextInput(attrs=_code_widget_attrs),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=100,
        help_text=_("The code shown when you filed the dispute and sent to you by e-mail."),
        widget=forms.TextInput(attrs=_code_widget_attrs),
    )
