"""The content platform's pages. The marketplace's are elsewhere; the two meet only through hand-off links."""

from django.urls import include, path

urlpatterns = [
    path("feed/", include("lapak.social.urls_feed")),
    path("creators/", include("lapak.social.urls_creators")),
    path("posts/", include("lapak.social.urls_posts")),
    path("live/", include("lapak.social.urls_live")),
    path("go/", include("lapak.social.urls_handoff")),
    path("studio/posts/", include("lapak.social.urls_studio_posts")),
    path("studio/live/", include("lapak.social.urls_studio_live")),
    path("studio/", include("lapak.social.urls_studio")),
    path("operations/social/", include("lapak.social.urls_operations")),
]
