from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightRulesConfig(AppConfig):
    name = "lapak.oversight.rules"
    label = "oversight_rules"
    verbose_name = _("Oversight: compliance figures")

    def ready(self) -> None:
        from lapak.oversight.rules import services  # noqa: F401  (registers the rollups)
