"""The creator studio's live pages: my lives and the schedule form, one live's run page and its actions."""

from django.urls import path

from lapak.social import views_studio_live as views

app_name = "social_studio_live"

urlpatterns = [
    path("", views.studio_lives, name="list"),
    path("<str:live_id>/", views.studio_live_run, name="run"),
    path("<str:live_id>/start/", views.studio_live_start, name="start"),
    path("<str:live_id>/end/", views.studio_live_end, name="end"),
    path("<str:live_id>/cancel/", views.studio_live_cancel, name="cancel"),
    path("<str:live_id>/pin/", views.studio_live_pin, name="pin"),
    path("<str:live_id>/unpin/", views.studio_live_unpin, name="unpin"),
    path("<str:live_id>/chat/<int:message_id>/hide/", views.studio_live_hide, name="hide"),
]
