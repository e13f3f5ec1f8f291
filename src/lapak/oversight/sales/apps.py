from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightSalesConfig(AppConfig):
    name = "lapak.oversight.sales"
    label = "oversight_sales"
    verbose_name = _("Oversight: sellers and sales")

    def ready(self) -> None:
        from lapak.oversight.sales import services  # noqa: F401  (registers the rollups)
