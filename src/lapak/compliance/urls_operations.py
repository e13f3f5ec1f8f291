"""The compliance console for operators: /operations/compliance/…"""

from __future__ import annotations

from django.urls import include, path

app_name = "compliance_ops"

urlpatterns = [
    path("reference/", include("lapak.compliance.urls_reference")),
    path("decisions/", include("lapak.compliance.urls_decisions")),
    path("rules/", include("lapak.compliance.urls_rules")),
    path("switches/", include("lapak.compliance.urls_switches")),
]
