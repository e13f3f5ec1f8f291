"""Payment pages, mounted at /pay/."""

from django.urls import path

from lapak.market.payments import views

app_name = "payments"

urlpatterns = [
    path("<str:public_id>/", views.pay, name="pay"),
    path("<str:public_id>/check/", views.check, name="check"),
]
