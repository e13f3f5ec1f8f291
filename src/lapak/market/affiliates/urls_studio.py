"""The creator studio's earnings pages, mounted at /studio/earnings/."""

from django.urls import path

from lapak.market.affiliates import views_studio

app_name = "studio_earnings"

urlpatterns = [
    path("", views_studio.earnings, name="earnings"),
    path("statement.csv", views_studio.statement_download, name="statement_csv"),
]
