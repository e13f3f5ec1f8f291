from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "lapak.market.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Outbox subscriptions (payments; cash on delivery following its parcels) and periodic jobs.
        from lapak.market.payments import handlers, handlers_cod, tasks  # noqa: F401
