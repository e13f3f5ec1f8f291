from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightReportsConfig(AppConfig):
    name = "lapak.oversight.reports"
    label = "oversight_reports"
    verbose_name = _("Oversight reports")
    default_auto_field = "django.db.models.BigAutoField"
