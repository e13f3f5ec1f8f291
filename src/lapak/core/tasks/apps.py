from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "lapak.core.tasks"
    label = "tasks"
