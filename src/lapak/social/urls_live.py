"""Viewers' live pages and the live's event stream (Server-Sent Events)."""

from django.urls import path

from lapak.social import views_live, views_live_stream

app_name = "social_live"

urlpatterns = [
    path("", views_live.live_list, name="list"),
    path("<str:live_id>/", views_live.live_detail, name="detail"),
    path("<str:live_id>/events", views_live_stream.live_events, name="events"),
    path("<str:live_id>/chat/", views_live.live_chat, name="chat"),
]
