"""The creator's payout page, to be mounted at /studio/payout-account/."""

from django.urls import path

from lapak.market.affiliates import views_payouts

app_name = "affiliates_payouts"

urlpatterns = [path("", views_payouts.payout_account, name="account")]
