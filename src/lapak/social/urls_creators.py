"""/creators/<handle>/: the public creator page."""

from django.urls import path

from lapak.social import views_creators

app_name = "social_creators"

urlpatterns = [
    path("<slug:handle>/", views_creators.detail, name="detail"),
    path("<slug:handle>/follow/", views_creators.follow, name="follow"),
]
