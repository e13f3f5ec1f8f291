"""One row per (periodic job, time slot) that was enqueued: the unique key makes schedulers agree."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """A periodic job enqueued for one slot. Several schedulers may race; the unique key lets one win."""

    name = models.CharField(_("job"), max_length=100)
    slot_start = models.DateTimeField(_("slot start"))
    enqueued_at = models.DateTimeField(_("enqueued at"), default=timezone.now)
    task_result_id = models.CharField(_("task result id"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [models.UniqueConstraint(fields=["name", "slot_start"], name="tasks_periodic_run_once")]
        indexes = [models.Index(fields=["slot_start"], name="tasks_periodic_run_slot")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot_start.isoformat()}"
