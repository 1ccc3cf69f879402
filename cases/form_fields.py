"""Form fields for what people type on the intake form: amounts in tenge, Kazakh phones, several files."""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from centers.contacts import format_phone

CLAIM_MAX_INTEGER_DIGITS = 12  # Dispute.claim_amount: 14 digits, 2 of them after the point
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’_]+")
_CURRENCY = re.compile(r"(₸|kzt|тг\.?|тенге|теңге)$", re.IGNORECASE)
_AMOUNT = re.compile(r"-?[0-9]*[.,]?[0-9]*")


class ClaimAmountField(forms.Field):
    """An amount in tenge as people write it: "150 000", "150000,50", "1 250 000.75 ₸"."""

    default_error_messages = {
        "invalid": _("Write the amount in tenge with digits only, e.g. 150 000 or 150000,50."),
        "negative": _("The amount cannot be negative."),
        "decimals": _("Tiyn take at most two digits after the comma."),
        "too_big": _("The amount is too large: at most 12 digits before the comma."),
    }
    max_text_length = 40

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": self.max_text_length})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        text = _SPACES.sub("", _CURRENCY.sub("", _SPACES.sub("", text)))
        # "1,250.50" or "1.250.000" use a thousands separator we cannot tell from a decimal one.
        if len(text) > self.max_text_length or not _AMOUNT.fullmatch(text) or not re.search("[0-9]", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        text = text.replace(",", ".")
        if text.startswith("-") and text.strip("-.0"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        whole, _point, fraction = text.lstrip("-").partition(".")
        if len(whole.lstrip("0")) > CLAIM_MAX_INTEGER_DIGITS:
            raise ValidationError(self.error_messages["too_big"], code="too_big")
        if len(fraction.rstrip("0")) > 2:
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        return Decimal(f"{whole or 0}.{fraction or 0}").quantize(Decimal("0.01"))


class KazakhPhoneInput(forms.TextInput):
    """A phone field that opens the phone keypad and shows a number back as +7 (7xx) xxx-xx-xx."""

    input_type = "tel"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"inputmode": "tel", "autocomplete": "tel", "placeholder": "+7 (7__) ___-__-__", **(attrs or {})}
        )

    def format_value(self, value: Any) -> str | None:
        return format_phone(value) or None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        single_clean = super().clean
        return [cleaned for item in items if item and (cleaned := single_clean(item, initial))]


class KeptFilesField(forms.MultipleChoiceField):
    """Ticks for the files kept from an earlier post; a file no longer kept is simply left out."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[str]:
        known = {str(key) for key, _label in self.choices}
        return [item for item in self.to_python(value) if item in known]
