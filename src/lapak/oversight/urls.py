"""The oversight portal's pages, under /oversight/."""

from django.urls import include, path

from lapak.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.home, name="home"),
    path("figures/<slug:key>/", views.figure_page, name="figure"),
    path("figures/<slug:key>.csv", views.figure_csv, name="figure_csv"),
    path("figures/<slug:key>.json", views.figure_json_download, name="figure_json"),
    path("audit/", include("lapak.oversight.urls_evidence")),
    path("reports/", include("lapak.oversight.urls_reports")),
]
