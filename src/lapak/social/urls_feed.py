"""/feed/: "For you" and "Following"."""

from django.urls import path

from lapak.social import views_feed

app_name = "social_feed"

urlpatterns = [
    path("", views_feed.for_you, name="for_you"),
    path("following/", views_feed.following, name="following"),
]
