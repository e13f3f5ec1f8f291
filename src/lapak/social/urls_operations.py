"""`/operations/social/…`: the moderation queue (reverse as `social_operations:<name>`)."""

from django.urls import path

from lapak.social import views_operations

app_name = "social_operations"

urlpatterns = [
    path("", views_operations.queue, name="queue"),
    path("posts/<str:post_id>/takedown/", views_operations.takedown, name="takedown"),
    path("reports/<str:report_id>/dismiss/", views_operations.dismiss, name="dismiss"),
]
