# English pages of a Kazakh portal: the same digits as the kk and ru pages (01.12.2026, 14:05),
# never a 12-hour clock or a month-first date that people here would misread.
from ..kk.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
