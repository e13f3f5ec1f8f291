"""Operator console pages — decisions (mounted at /operations/compliance/decisions/, namespace compliance_ops)."""

from __future__ import annotations

from django.urls import path

from lapak.compliance import views_decisions, views_decisions_actions

urlpatterns = [
    path("", views_decisions.decision_list, name="decisions"),
    path("<str:public_id>/", views_decisions.decision_detail, name="decision"),
    path("<str:public_id>/override/", views_decisions_actions.decision_override_view, name="decision_override"),
    path("<str:public_id>/answer/", views_decisions_actions.appeal_answer_view, name="decision_appeal_answer"),
]
