from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "lapak.market.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from lapak.market.catalog import handlers, tasks  # noqa: F401  (outbox subscriptions, periodic jobs)
