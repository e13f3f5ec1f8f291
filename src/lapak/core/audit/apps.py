from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lapak.core.audit"
    label = "audit"
