"""/studio/: the creator studio's home, profile (onboarding), phone check and showcase. Posts and lives have
their own modules (/studio/posts/, /studio/live/); earnings are the marketplace's (/studio/earnings/)."""

from django.urls import path

from lapak.social import views_studio

app_name = "social_studio"

urlpatterns = [
    path("", views_studio.home, name="home"),
    path("profile/", views_studio.profile, name="profile"),
    path("profile/phone/", views_studio.phone, name="phone"),
    path("showcase/", views_studio.showcase, name="showcase"),
    path("showcase/<str:product_id>/", views_studio.showcase_change, name="showcase_change"),
]
