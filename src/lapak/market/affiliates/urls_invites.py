"""The creator's invitation pages, to be mounted at /studio/invites/."""

from django.urls import path

from lapak.market.affiliates import views_invites

app_name = "affiliates_invites"

urlpatterns = [
    path("", views_invites.invite_list, name="list"),
    path("<str:inv>/accept/", views_invites.invite_accept, name="accept"),
    path("<str:inv>/decline/", views_invites.invite_decline, name="decline"),
]
