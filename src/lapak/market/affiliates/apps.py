from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AffiliatesConfig(AppConfig):
    """The marketplace's side of social commerce: hand-off clicks, attribution, commission offers, creator money."""

    name = "lapak.market.affiliates"
    label = "affiliates"
    verbose_name = _("Affiliates")

    def ready(self) -> None:
        from lapak.market.affiliates.wiring import affiliates_wire

        affiliates_wire()  # outbox handlers, payout jobs and callbacks, the vault's rotation of account numbers
