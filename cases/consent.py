"""The consent to personal-data processing an applicant gives when filing a dispute.

Law No. 94-V of 21 May 2013 "On personal data and their protection", Art. 8, asks the
consent to name the operator and its BIN, the data subject, the data collected, the
purpose, how long consent lasts, and whether data go to third parties, abroad, or are
published. Every change of the wording needs a new CONSENT_VERSION: the version is
stored on the applicant's Party with the time of consent.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# v2: the operator is named in the language of the page (it was in English on every page).
CONSENT_VERSION = "2026-12-v2"


def consent_paragraphs() -> list[str]:
    """The consent text, paragraph by paragraph, in the active language."""
    names = settings.PERSONAL_DATA_OPERATOR
    name = names.get(translation.get_language() or "", names["en"])
    operator = {"operator": name, "bin": settings.PERSONAL_DATA_OPERATOR_BIN}
    return [
        gettext(
            "I, the applicant named in this form (the data subject), consent to the processing of my personal "
            "data by the operator %(operator)s, BIN %(bin)s, which runs the Reconciliation Centers together "
            "with its territorial trade-union associations."
        )
        % operator,
        gettext(
            "Data collected: my full name or my organisation's name, IIN or BIN, e-mail address, phone number, "
            "postal address, preferred language, the description of the dispute and the documents I attach, "
            "and the same contact details of the other side that I give."
        ),
        gettext(
            "Purpose: to register the dispute, to contact me and the other side about it, and to organise "
            "mediation (out-of-court settlement) at the Reconciliation Center I chose."
        ),
        gettext(
            "Third parties: the other side of the dispute and the mediator see what the case needs; the data are "
            "given to a court or another state body only on its lawful request. Nothing is published."
        ),
        gettext("My data are kept in databases located in the Republic of Kazakhstan and are not transferred abroad."),
        gettext(
            "Period: this consent lasts until the case is closed and for the time the case file must then be kept "
            "by law. I may withdraw it by writing to the Reconciliation Center, except where the law requires the "
            "processing to continue."
        ),
    ]


CONSENT_LABEL = _("I have read the text above and consent to the processing of my personal data as it describes.")
