from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "lapak.core.outbox"
    label = "outbox"
