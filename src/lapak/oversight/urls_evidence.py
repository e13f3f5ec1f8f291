"""The audit-evidence pages, under /oversight/audit/ (names in the "oversight" namespace)."""

from django.urls import path

from lapak.oversight import views_evidence

urlpatterns = [
    path("", views_evidence.audit_home, name="audit_home"),
    path("heads/<int:size>.json", views_evidence.audit_head_json, name="audit_head_json"),
    path("keys.json", views_evidence.audit_keys_json, name="audit_keys_json"),
    path("inclusion/", views_evidence.audit_inclusion, name="audit_inclusion"),
    path("inclusion.json", views_evidence.audit_inclusion_json, name="audit_inclusion_json"),
    path("consistency.json", views_evidence.audit_consistency_json, name="audit_consistency_json"),
    path("segment.json", views_evidence.audit_segment_json, name="audit_segment_json"),
]
