"""Task glue: one task API (django-tasks) and periodic jobs (`manage.py lapak_scheduler`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "lapak.core.tasks"
    label = "tasks"
    verbose_name = _("Tasks")

    def ready(self) -> None:
        # Registers this app's periodic jobs (see periodic.py: each app imports its own tasks module).
        from lapak.core.tasks import tasks  # noqa: F401
