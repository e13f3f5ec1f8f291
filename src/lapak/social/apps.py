from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    """The content platform (DESIGN.md): creators, posts, live sessions, the feed. Its models live on the `social`
    database alias (lapak.config.db_router) and it never imports the marketplace."""

    name = "lapak.social"
    label = "social"
    verbose_name = _("Social")

    def ready(self) -> None:
        from lapak.social import tasks_live, tasks_posts  # noqa: F401  (the live kill switch, tag refresh)
