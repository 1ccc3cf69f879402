import pytest
import time_machine
from django.core.exceptions import ValidationError

from centers.validators import (
    iin_birth_date,
    mask_identifier,
    validate_bin,
    validate_iin,
    validate_languages,
    with_check_digit,
)


def _iin(first_seven: str) -> str:
    """A valid IIN beginning with these seven digits (date and century), whatever its date."""
    for serial in range(10000):
        if (iin := with_check_digit(f"{first_seven}{serial:04d}")) is not None:
            return iin
    raise AssertionError("no check digit for any serial")


@pytest.mark.parametrize(
    "iin",
    [
        "880201300113",  # born 1 Feb 1988, first pass gives the digit
        "950715400229",
        "000401500339",  # born in 2000 (century digit 5)
        "900315300111",  # first pass gives 10: the digit comes from the second pass
    ],
)
def test_it_accepts_valid_iins(iin):
    validate_iin(iin)


@pytest.mark.parametrize(
    ("iin", "code"),
    [
        ("880201300114", "iin_checksum"),  # one digit off
        ("900315300100", "iin_checksum"),  # both passes give 10: no valid check digit exists
        ("88020130011", "iin_format"),  # 11 digits
        ("8802013001133", "iin_format"),
        ("88020130011a", "iin_format"),
        ("", "iin_format"),
        ("881301300113", "iin_date"),  # month 13
        ("880200300113", "iin_date"),  # day 0
        ("880201700113", "iin_date"),  # century digit 7
    ],
)
def test_it_rejects_invalid_iins(iin, code):
    with pytest.raises(ValidationError) as error:
        validate_iin(iin)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("first_seven", "born"),
    [
        ("8802293", "1988-02-29"),  # 1988 is a leap year
        ("0002295", "2000-02-29"),  # 2000 is a leap year (divisible by 400)
        ("0002293", None),  # ...but 1900 is not
        ("9602293", "1996-02-29"),
        ("9702293", None),  # 1997 is not a leap year
        ("8802313", None),  # 31 February
        ("8804313", None),  # 31 April
        ("8805313", "1988-05-31"),
        ("8806313", None),  # 31 June
        ("8809313", None),  # 31 September
        ("8811313", None),  # 31 November
        ("8812313", "1988-12-31"),
        ("8812311", "1888-12-31"),  # century digits 1 and 2: the 19th century
        ("8812316", None),  # 5 and 6: the 21st century, and 2088 is still to come
        ("2003015", "2020-03-01"),
        ("0002290", "2000-02-29"),  # 0 tells no century: a day that exists in 1900 or 2000
    ],
)
@time_machine.travel("2026-12-01 12:00 +05:00", tick=False)
def test_it_checks_the_birth_date_per_month_leap_year_and_century(first_seven, born):
    iin = _iin(first_seven)

    assert str(iin_birth_date(iin)) == str(born)
    if born is None:
        with pytest.raises(ValidationError) as error:
            validate_iin(iin)
        assert error.value.code == "iin_date"
    else:
        validate_iin(iin)


@pytest.mark.parametrize("bin_", ["990840001239", "181040000126", "070540000218"])
def test_it_accepts_valid_bins(bin_):
    validate_bin(bin_)


@pytest.mark.parametrize(
    ("bin_", "code"),
    [
        ("990840001238", "bin_checksum"),
        ("991340001239", "bin_structure"),  # month 13
        ("990870001239", "bin_structure"),  # entity digit 7
        ("99084000123", "bin_format"),
    ],
)
def test_it_rejects_invalid_bins(bin_, code):
    with pytest.raises(ValidationError) as error:
        validate_bin(bin_)
    assert error.value.code == code


def test_with_check_digit_completes_or_refuses():
    assert with_check_digit("88020130011") == "880201300113"
    assert with_check_digit("90031530010") is None


def test_mask_shows_only_the_ends():
    assert mask_identifier("880201300113") == "88********13"
    assert mask_identifier("") == ""


def test_languages_must_be_known_and_distinct():
    validate_languages(["kk", "ru"])
    for bad in ([], ["de"], ["kk", "kk"], "kk"):
        with pytest.raises(ValidationError):
            validate_languages(bad)
