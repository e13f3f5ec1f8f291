"""`/go/…`: the hand-off redirect (reverse as `social_go:go` with source, source id and product id)."""

from django.urls import path

from lapak.social import views_handoff

app_name = "social_go"

urlpatterns = [
    path("<str:source>/<str:source_id>/<str:product_id>/", views_handoff.go, name="go"),
]
