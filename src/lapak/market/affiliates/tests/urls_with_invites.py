"""The site's URLs plus the creator's invitation pages at /studio/invites/ and payout page at
/studio/payout-account/, until the lead mounts them there."""

from django.urls import include, path

from lapak.config.urls import urlpatterns as site

urlpatterns = [path("studio/invites/", include("lapak.market.affiliates.urls_invites")),
               path("studio/payout-account/", include("lapak.market.affiliates.urls_payouts")), *site]
