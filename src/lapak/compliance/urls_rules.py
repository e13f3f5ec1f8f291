"""Operator console pages — rules and re-evaluation runs (mounted at /operations/compliance/rules/, namespace
compliance_ops)."""

from __future__ import annotations

from django.urls import path

from lapak.compliance import views_rules, views_rules_actions

VERSION = "<str:rule_id>/versions/<int:version>/"

urlpatterns = [
    path("", views_rules.rule_list, name="rules"),
    path("runs/", views_rules.run_list, name="reevaluations"),
    path("runs/<str:public_id>/", views_rules.run_detail, name="reevaluation"),
    path("<str:rule_id>/", views_rules.rule_detail, name="rule"),
    path("<str:rule_id>/versions/new/", views_rules_actions.version_new, name="rule_version_new"),
    path(VERSION + "dry-run/", views_rules_actions.version_dry_run, name="rule_version_dry_run"),
    path(VERSION + "activate/", views_rules_actions.version_activate, name="rule_version_activate"),
    path(VERSION + "withdraw/", views_rules_actions.version_withdraw, name="rule_version_withdraw"),
]
