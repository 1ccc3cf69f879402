"""Template filters that turn a center's free-text phone into a readable number and a tel: link."""

import phonenumbers
from django import template

from ..contacts import format_phone, parse_phone

register = template.Library()


@register.filter
def phone_display(value: str) -> str:
    """The number as people here write it ('+7 (701) 234-56-78', '+7 7172 55 66 77'), or the text as entered."""
    return format_phone(value)


@register.filter
def tel_uri(value: str) -> str:
    """A tel: URI a phone can dial, or an empty string when the text is not a number."""
    number = parse_phone(value)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)
