"""Operator console pages — switches (/operations/compliance/switches/)."""

from __future__ import annotations

from django.urls import path

from lapak.compliance import views_switches

urlpatterns = [
    path("", views_switches.switch_list, name="switches"),
    path("<str:jurisdiction>/<str:feature>/", views_switches.switch_detail, name="switch_detail"),
    path("<str:jurisdiction>/<str:feature>/change/", views_switches.switch_change, name="switch_change"),
]
