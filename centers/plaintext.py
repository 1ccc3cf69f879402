"""Text people type, kept free of invisible control characters: one rule for every form and model.

Bidirectional overrides (U+202E turns "Name\u202egnp.exe" into "Nameexe.png" on screen),
terminal escapes (ESC [ ... moves a cursor or recolours a log line) and other control
characters have no place in a name, an address or a description. They are removed, not
refused: a person who pasted a name with a stray mark from a document gets the name.

Models use PlainCharField / PlainTextField: the text is cleaned on every save (services,
the workflow and the admin alike) and their form fields clean it before validation, so
what a form shows back is what will be stored. Forms that are not model forms use
PlainTextFormField.
"""

import re
from typing import Any

from django import forms
from django.db import models

# Control characters (C0 and C1, DEL; ESC starts terminal escapes), the bidirectional
# embeddings, overrides, isolates and marks, the Arabic letter mark, and the Unicode line
# and paragraph separators. Zero-width joiners stay: some scripts and emoji need them.
_INVISIBLE = (
    "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
)
_LINE_BREAKS = "\n\r\t"
_MULTILINE_FORBIDDEN = re.compile(f"[{_INVISIBLE}]")
_SINGLE_LINE_FORBIDDEN = re.compile(f"[{_INVISIBLE}{_LINE_BREAKS}]+")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` without control characters; a single line also loses its line breaks and tabs (made spaces)."""
    if multiline:
        return _MULTILINE_FORBIDDEN.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    # A line break or tab in a one-line value was meant as a gap between words.
    return _SINGLE_LINE_FORBIDDEN.sub(lambda m: " " if set(m.group()) & set(_LINE_BREAKS) else "", value)


class PlainTextFormField(forms.CharField):
    """A form's text field that drops control characters before any other check."""

    def __init__(self, *, multiline: bool | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.multiline = isinstance(self.widget, forms.Textarea) if multiline is None else multiline

    def to_python(self, value: Any) -> str:
        if isinstance(value, str):
            value = clean_text(value, multiline=self.multiline)
        return super().to_python(value)


class _PlainTextMixin:
    multiline = False
    django_field = ""  # the Django field class migrations record

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)  # type: ignore[misc]
        if isinstance(value, str):
            cleaned = clean_text(value, multiline=self.multiline)
            if cleaned != value:
                setattr(model_instance, self.attname, cleaned)  # type: ignore[attr-defined]
            value = cleaned
        return value

    def formfield(self, **kwargs: Any) -> Any:
        if not getattr(self, "choices", None):
            kwargs.setdefault("form_class", PlainTextFormField)
            if kwargs["form_class"] is PlainTextFormField:
                kwargs.setdefault("multiline", self.multiline)
        return super().formfield(**kwargs)  # type: ignore[misc]

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        # The column is an ordinary one: migrations record the Django field, so switching a
        # field to its plain-text kind writes no migration.
        name, _path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        return name, f"django.db.models.{self.django_field}", args, kwargs


class PlainCharField(_PlainTextMixin, models.CharField):
    """A one-line text column whose value never holds control characters or line breaks."""

    django_field = "CharField"


class PlainTextField(_PlainTextMixin, models.TextField):
    """A multi-line text column whose value never holds control characters (line breaks stay)."""

    multiline = True
    django_field = "TextField"
