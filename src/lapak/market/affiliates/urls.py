"""The hand-off landing page, mounted at /handoff/."""

from django.urls import path

from lapak.market.affiliates import views_handoff

app_name = "handoff"

urlpatterns = [path("", views_handoff.landing, name="landing")]
