from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "lapak.market.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lapak.market.payments import tasks  # noqa: F401  (registers the periodic jobs)
