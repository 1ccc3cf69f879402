"""Contacts as people in Kazakhstan write and read them, and masked where a page must not show them whole.

Phones look as egov.kz shows them, +7 (7xx) xxx-xx-xx. People type "8 701 234 56 78",
"+7 701 2345678" or "87012345678"; all mean the same number, and every page shows it back
in the one form people know.
"""

import phonenumbers

_KZ_NATIONAL_DIGITS = 10


def parse_phone(value: object) -> phonenumbers.PhoneNumber | None:
    """The number `value` holds (a PhoneNumber or text, with the 8 or +7 prefix), or None when it holds none."""
    if isinstance(value, phonenumbers.PhoneNumber):
        return value
    try:
        number = phonenumbers.parse(str(value or ""), "KZ")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def format_phone(value: object) -> str:
    """'+7 (701) 234-56-78' for a valid number of Kazakhstan; other numbers internationally; text as it is."""
    number = parse_phone(value)
    if number is None:
        return str(value or "")
    national = str(number.national_number)
    mobile = phonenumbers.is_valid_number(number) and (
        phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )
    if number.country_code == 7 and len(national) == _KZ_NATIONAL_DIGITS and mobile:
        return f"+7 ({national[:3]}) {national[3:6]}-{national[6:8]}-{national[8:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(value: object) -> str:
    """The number with the subscriber's digits hidden but the last two: '+7 (701) ***-**-78'."""
    shown = format_phone(value)
    # The country and operator codes (up to ")") stay: they tell which phone without telling the number.
    if ")" in shown:
        head, bracket, tail = shown.rpartition(")")
    else:
        head, bracket, tail = ("+7", "", shown[2:]) if shown.startswith("+7") else ("", "", shown)
    digits = sum(ch.isdigit() for ch in tail)
    masked, seen = [], 0
    for ch in tail:
        if ch.isdigit():
            seen += 1
            masked.append(ch if seen > digits - 2 else "*")
        else:
            masked.append(ch)
    return head + bracket + "".join(masked)


def mask_email(value: str) -> str:
    """The address with most of its name hidden: 'aigerim@example.kz' -> 'a*****m@example.kz'."""
    name, at, domain = (value or "").rpartition("@")
    if not at or not name:
        return "*" * len(value or "")
    if len(name) <= 2:
        return f"{name[0]}{'*' * (len(name) - 1)}@{domain}"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}@{domain}"
