from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "lapak.compliance"
    label = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        # Working-day deadlines (lapak.core.workdays) count the collective leave days operators add here; core
        # never imports compliance, so compliance hands it the lookup.
        from lapak.compliance.reference_services.holidays import holiday_changes_for
        from lapak.core.workdays import set_holiday_changes_provider

        set_holiday_changes_provider(holiday_changes_for)
        from lapak.compliance import tasks  # noqa: F401  (re-evaluation runs, the hourly date-boundary job)
