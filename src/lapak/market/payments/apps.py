from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "lapak.market.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lapak.market.payments import handlers, tasks  # noqa: F401  (outbox subscriptions, periodic jobs)
