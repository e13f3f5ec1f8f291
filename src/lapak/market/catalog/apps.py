from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "lapak.market.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from lapak.compliance.subjects import register_subject_source
        from lapak.market.catalog import handlers, tasks  # noqa: F401  (outbox subscriptions, periodic jobs)
        from lapak.market.catalog.compliance_subjects import ListingSource

        register_subject_source("listing.publish", ListingSource())  # re-evaluation sweeps (lapak.compliance)
