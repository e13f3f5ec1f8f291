"""The reports pages, under /oversight/reports/ (names in the "oversight" namespace)."""

from django.urls import path

from lapak.oversight.reports import views

urlpatterns = [
    path("", views.index, name="reports_home"),
    path("quarterly.csv", views.quarterly_csv, name="reports_quarterly_csv"),
    path("quarterly.json", views.quarterly_json_download, name="reports_quarterly_json"),
    path("monthly.pdf", views.monthly_pdf_download, name="reports_monthly_pdf"),
    path("workforce/", views.workforce, name="reports_workforce"),
]
