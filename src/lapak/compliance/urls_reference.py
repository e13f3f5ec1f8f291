"""Operator console pages — reference data (/operations/compliance/reference/, namespace compliance_ops)."""

from __future__ import annotations

from django.urls import path

from lapak.compliance import views_reference, views_reference_tables

urlpatterns = [
    path("", views_reference.reference_index, name="reference"),
    path("hs-lists/", views_reference.hs_lists, name="reference_hs_lists"),
    path("hs-lists/new/", views_reference.hs_list_new, name="reference_hs_new"),
    path("hs-lists/<str:public_id>/", views_reference.hs_list_detail, name="reference_hs_detail"),
    path("hs-lists/<str:public_id>/activate/", views_reference.hs_list_activate, name="reference_hs_activate"),
    path("rates/", views_reference_tables.rates, name="reference_rates"),
    path("certificates/", views_reference_tables.certificates, name="reference_certificates"),
    path("certificates/<str:public_id>/end/", views_reference_tables.certificate_end,
         name="reference_certificate_end"),
    path("holidays/", views_reference_tables.holidays, name="reference_holidays"),
    path("holidays/<str:public_id>/remove/", views_reference_tables.holiday_remove, name="reference_holiday_remove"),
    path("<str:table>/new/", views_reference_tables.table_add, name="reference_add"),
    path("<str:table>/upload/", views_reference_tables.table_upload, name="reference_upload"),
]
