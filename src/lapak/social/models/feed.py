"""The ranking log: every "For you" page records the inputs and scores it ranked by (ID-MKT-2, equal treatment)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class FeedRanking(models.Model):
    public_id = PublicIdField(prefix="frk")
    viewer = models.CharField(_("viewer"), max_length=64, blank=True, default="",
                              help_text=_("The viewer's account public id, or a hash for a visitor."))
    algorithm = models.CharField(_("algorithm version"), max_length=20)
    weights = models.JSONField(_("weights"))
    entries = models.JSONField(_("ranked posts with their inputs and scores"))
    created_at = models.DateTimeField(_("ranked at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("feed ranking")
        verbose_name_plural = _("feed rankings")

    def __str__(self) -> str:
        return self.public_id
