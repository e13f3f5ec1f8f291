"""The three columns every stored identity number gets: the vault ciphertext, a masked copy, a keyed hash."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def identity_columns(label: str | Promise) -> tuple[models.BinaryField, models.CharField, models.CharField]:
    """Ciphertext (never shown, never decrypted outside the vault), display mask, HMAC for uniqueness."""
    return (
        models.BinaryField(null=True, blank=True, editable=False, verbose_name=label),
        models.CharField(
            max_length=40, blank=True, default="", verbose_name=format_lazy("{} ({})", label, _("masked"))
        ),
        models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False),
    )
