from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightPricingConfig(AppConfig):
    name = "lapak.oversight.pricing"
    label = "oversight_pricing"
    verbose_name = _("Oversight: price signals and legal requests")

    def ready(self) -> None:
        from lapak.oversight.pricing import rollup  # noqa: F401  (registers the price rollup)
