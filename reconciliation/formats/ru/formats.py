# Russian pages read dates and times as the Kazakh ones do: 01.12.2026, 14:05.
from ..kk.formats import *  # noqa: F403
