from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "lapak.core.idempotency"
    label = "idempotency"
