"""Template filters that turn a center's free-text phone into a readable number and a tel: link."""

import phonenumbers
from django import template

register = template.Library()


def _parse(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(str(value or ""), "KZ")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


@register.filter
def phone_display(value: str) -> str:
    """The number in international form ('+7 7172 55 66 77'), or the text as entered."""
    number = _parse(value)
    if number is None:
        return str(value or "")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def tel_uri(value: str) -> str:
    """A tel: URI a phone can dial, or an empty string when the text is not a number."""
    number = _parse(value)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)
