"""Generated submissions, good and bad, posted to the intake page: never a 500, never half a record."""

import itertools
import os
from collections import Counter
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cases.models import Attachment, Dispute, KeptUpload, Party
from tests.factories import CenterFactory

from .intake_samples import docx_bytes, exe_bytes, ole_bytes, pdf_bytes, png_bytes, valid_post

# At least 1,000 in every run; FUZZ_EXAMPLES may raise it for a longer hunt.
EXAMPLES = max(1000, int(os.environ.get("FUZZ_EXAMPLES", "1000")))
PREFIXED_FIELDS = [
    *(f"applicant-{f}" for f in ("kind", "name", "identifier", "email", "phone", "address", "language")),
    *(f"respondent-{f}" for f in ("kind", "name", "identifier", "email", "phone", "address", "language")),
    *(
        f"dispute-{f}"
        for f in (
            "category",
            "region",
            "center",
            "summary",
            "description",
            "claim_amount",
            "language",
            "consent",
            "consent_version",
            "website",
        )
    ),
]
TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "+79161234567",
    "+7 701 234 5678",
    "971231300124",
    "000000000000",
    "KZ-71",
    "on",
    "labour",
    "organisation",
    "kk",
    "٣٤٥",
    "\u202eevil",
    "'; DROP TABLE cases_dispute; --",
    "<script>alert(1)</script>",
    "𝕋𝕒𝕥𝕦𝕝𝕒𝕤𝕦",
]
SAMPLE_FILES = [pdf_bytes(), png_bytes(), docx_bytes(), ole_bytes(), exe_bytes(), b""]

values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(TRICKY),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=150, max_value=12_000).map(lambda n: "Ж" * n),  # past every max_length
    st.lists(st.text(max_size=10), min_size=2, max_size=3),  # a list where one value is expected
    st.none(),  # the field is left out
)
files = st.lists(
    st.tuples(
        st.text(max_size=30).map(lambda s: (s or "f") + st_suffix(s)),
        st.one_of(st.binary(max_size=3000), st.sampled_from(SAMPLE_FILES)),
    ),
    max_size=7,
)


def st_suffix(seed: str) -> str:
    return (".pdf", ".png", ".docx", ".doc", ".exe", "")[len(seed) % 6]


submissions = st.fixed_dictionaries(
    {
        "start_valid": st.booleans(),
        "changes": st.dictionaries(
            st.one_of(st.sampled_from(PREFIXED_FIELDS), st.text(max_size=12)), values, max_size=6
        ),
        "files": files,
        "file_field": st.one_of(st.just("dispute-attachments"), st.sampled_from(PREFIXED_FIELDS)),
        # Now and then a value past DATA_UPLOAD_MAX_MEMORY_SIZE (rarely: each costs megabytes).
        "huge": st.integers(0, 39).flatmap(lambda k: st.sampled_from(PREFIXED_FIELDS) if k == 0 else st.none()),
    }
)


@pytest.mark.django_db
def test_it_never_fails_and_never_keeps_half_a_dispute(settings):
    settings.INTAKE_RATE_LIMIT = "1000000/h"
    settings.INTAKE_POST_RATE_LIMIT = "1000000/h"
    center = CenterFactory()
    client = Client(REMOTE_ADDR="10.250.0.1")  # the limit is lifted above, so a fixed address is fine
    client.cookies["tatulasu_language"] = "en"
    url = reverse("file_dispute")
    statuses: list[int] = []
    counter = itertools.count()

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(submission=submissions)
    def post(submission):
        data = valid_post(center) if submission["start_valid"] else {}
        for key, value in submission["changes"].items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        if submission["huge"]:
            data[submission["huge"]] = "9" * 2_700_000
        # A browser sends a bare file name; the test client cannot even build one ending in a slash.
        uploads = [
            SimpleUploadedFile(f"{next(counter)}-{name}"[:100].replace("/", "_").replace("\\", "_"), content)
            for name, content in submission["files"]
        ]
        if uploads:
            data[submission["file_field"]] = uploads

        response = client.post(url, data)

        statuses.append(response.status_code)
        assert response.status_code in (200, 302, 400), response.status_code
        disputes = Dispute.objects.count()
        assert Party.objects.count() == 2 * disputes
        assert Party.objects.filter(role="applicant").count() == disputes
        stored = [p for p in (Path(settings.MEDIA_ROOT) / "attachments").rglob("*") if p.is_file()]
        assert len(stored) == Attachment.objects.count()
        # Files kept for a form sent back (cases.submissions): every row has its file, within the limit per form.
        rows = list(KeptUpload.objects.all())
        assert all(row.file.storage.exists(row.file.name) for row in rows)
        assert max(Counter(row.form_token for row in rows).values(), default=0) <= settings.ATTACHMENT_MAX_FILES

    post()

    assert len(statuses) >= EXAMPLES
    assert 302 in statuses and 200 in statuses  # both outcomes were exercised
