"""What the reports need that no other table holds: the platform's workforce, as an operator entered it."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkforceCount(models.Model):
    """The platform company's headcount for one quarter in one jurisdiction (ID-REC-2 "workforce").

    Nothing in Lapak knows the company's payroll, so an operator enters the number; the report shows who entered
    it and when. One row per (jurisdiction, quarter); a correction replaces the number and is audited."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    quarter = models.CharField(_("quarter"), max_length=7,
                               validators=[RegexValidator(r"^\d{4}-Q[1-4]$", _("Enter a quarter as YYYY-Qn."))])
    employees = models.PositiveIntegerField(_("employees"), validators=[MaxValueValidator(10_000_000)])
    entered_by = models.CharField(_("entered by"), max_length=40)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("workforce count")
        verbose_name_plural = _("workforce counts")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "quarter"], name="oversight_reports_workforce_unique"),
            models.CheckConstraint(condition=Q(quarter__regex=r"^\d{4}-Q[1-4]$"),
                                   name="oversight_reports_workforce_quarter"),
            models.CheckConstraint(condition=Q(jurisdiction__regex=r"^[A-Z]{2}$"),
                                   name="oversight_reports_workforce_jurisdiction"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.quarter}: {self.employees}"
