"""Admin changelists: how their time and query count move with the data and with joins."""

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


@dataclass
class PageTiming:
    milliseconds: float  # median of the runs
    queries: int
    rows: int

    def __str__(self) -> str:
        return f"{self.milliseconds:,.0f} ms, {self.queries} queries"


def time_changelist(user: AbstractBaseUser, model: type, *, runs: int = 5) -> PageTiming:
    """Median time of the model's changelist for `user`, after one warm-up request."""
    client = Client()
    client.force_login(user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
    rows = len(response.context["cl"].result_list)
    return PageTiming(statistics.median(samples), len(queries.captured_queries), rows)


@contextmanager
def without_list_select_related(model: type) -> Iterator[None]:
    """Let the changelist of `model` fall back to Django's default joins for as long as the block runs."""
    model_admin = admin.site._registry[model]
    saved = model_admin.list_select_related
    model_admin.list_select_related = False
    try:
        yield
    finally:
        model_admin.list_select_related = saved
