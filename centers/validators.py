"""Validators for Kazakhstan's identifiers and for language lists."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Language

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# The IIN's seventh digit: the century of birth (and sex: odd for men, even for women).
# 0 is given to some foreign nationals and says nothing of the century.
_CENTURY = {1: (1800,), 2: (1800,), 3: (1900,), 4: (1900,), 5: (2000,), 6: (2000,), 0: (1900, 2000)}


def check_digit(digits: str) -> int | None:
    """Return the control digit of the first 11 digits, or None when none exists.

    The weighted sum mod 11 is the digit; a result of 10 asks for a second pass with
    shifted weights, and 10 again means no valid number has these 11 digits.
    """
    values = [int(ch) for ch in digits[:11]]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _has_valid_check_digit(value: str) -> bool:
    return len(value) == 12 and value.isdigit() and check_digit(value) == int(value[11])


def iin_birth_date(value: str) -> date | None:
    """The date of birth an IIN begins with (YYMMDD, the century from the seventh digit), or None.

    None when no such day exists (31 February, 29 February of a common year), when the
    century digit is not one of 0-6, or when the day is still to come.
    """
    year, month, day = int(value[0:2]), int(value[2:4]), int(value[4:6])
    for century in _CENTURY.get(int(value[6]), ()):
        try:
            born = date(century + year, month, day)
        except ValueError:
            continue
        if born <= timezone.localdate():
            return born
    return None


def validate_iin(value: str) -> None:
    """An IIN: 12 digits, birth date YYMMDD first, century/sex digit, control digit."""
    if not (isinstance(value, str) and len(value) == 12 and value.isdigit()):
        raise ValidationError(_("An IIN consists of exactly 12 digits."), code="iin_format")
    if iin_birth_date(value) is None:
        raise ValidationError(_("This IIN does not begin with a valid date of birth."), code="iin_date")
    if not _has_valid_check_digit(value):
        raise ValidationError(_("This IIN is not valid: its check digit does not match."), code="iin_checksum")


def validate_bin(value: str) -> None:
    """A BIN: 12 digits, registration year and month first, entity-type digit, control digit."""
    if not (isinstance(value, str) and len(value) == 12 and value.isdigit()):
        raise ValidationError(_("A BIN consists of exactly 12 digits."), code="bin_format")
    month, entity = int(value[2:4]), int(value[4])
    if not (1 <= month <= 12 and entity in (4, 5, 6)):
        raise ValidationError(_("This BIN does not have the structure of a BIN."), code="bin_structure")
    if not _has_valid_check_digit(value):
        raise ValidationError(_("This BIN is not valid: its check digit does not match."), code="bin_checksum")


def mask_identifier(value: str) -> str:
    """Show an IIN/BIN as its first two and last two digits only: 85********12."""
    if not value:
        return ""
    return f"{value[:2]}{'*' * (len(value) - 4)}{value[-2:]}" if len(value) > 4 else "*" * len(value)


def validate_languages(value: Iterable[str]) -> None:
    """A non-empty list of distinct codes among kk, ru, en."""
    allowed = set(Language.values)
    if not isinstance(value, list | tuple) or not value:
        raise ValidationError(_("Choose at least one language."), code="languages_empty")
    if any(code not in allowed for code in value) or len(set(value)) != len(value):
        raise ValidationError(_("Languages must be distinct codes among kk, ru and en."), code="languages")


def with_check_digit(first_eleven: str) -> str | None:
    """Complete 11 digits into a valid IIN/BIN, or None when no check digit exists for them."""
    digit = check_digit(first_eleven)
    return None if digit is None else f"{first_eleven}{digit}"
