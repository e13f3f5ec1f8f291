"""The URL map: pages, the API under /api/v1/, health, admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from lapak.config.api import api
from lapak.web.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("lapak.accounts.urls")),
    path("operations/returns/", include("lapak.market.orders.urls_operator")),
    path("operations/reconciliation/", include("lapak.market.payments.urls_operator")),
    path("operations/payments/", include("lapak.market.payments.urls_operations")),
    path("operations/compliance/", include("lapak.compliance.urls_operations")),
    path("operations/oversight/", include("lapak.oversight.pricing.urls_operations")),
    path("operations/", include("lapak.market.sellers.desk_urls")),
    path("seller/catalog/", include("lapak.market.catalog.urls_seller")),
    path("seller/promotions/", include("lapak.market.promotions.urls_seller")),
    path("seller/orders/", include("lapak.market.orders.urls_seller")),
    path("seller/payments/", include("lapak.market.payments.urls_seller")),
    path("seller/", include("lapak.market.sellers.urls")),
    path("seller/affiliates/", include("lapak.market.affiliates.urls_seller")),
    path("studio/earnings/", include("lapak.market.affiliates.urls_studio")),
    path("studio/invites/", include("lapak.market.affiliates.urls_invites")),
    path("studio/payout-account/", include("lapak.market.affiliates.urls_payouts")),
    path("handoff/", include("lapak.market.affiliates.urls")),
    path("cart/", include("lapak.market.checkout.urls")),
    path("orders/", include("lapak.market.orders.urls")),
    path("pay/", include("lapak.market.payments.urls")),
    path("oversight/", include("lapak.oversight.urls")),
    path("", include("lapak.social.urls")),
    path("", include("lapak.market.catalog.urls")),
    path("", include("lapak.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "lapak.config.error_views.bad_request"
handler403 = "lapak.config.error_views.forbidden"
handler404 = "lapak.config.error_views.not_found"
handler500 = "lapak.config.error_views.server_error"
