from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "lapak.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from lapak.oversight import figures, tasks  # noqa: F401  (the figure registry, the rollup tasks)
