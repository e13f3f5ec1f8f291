"""Which adapter talks to a gateway, built from settings (MIDTRANS_BASE_URL, MIDTRANS_SERVER_KEY,
MIDTRANS_IS_PRODUCTION, and optionally MIDTRANS_NOTIFICATION_URL: sent as X-Override-Notification on charges;
for Xendit, optionally XENDIT_SECRET_KEY, XENDIT_CALLBACK_TOKEN, XENDIT_BASE_URL and XENDIT_RETURN_URL: the page
an e-wallet or card payment returns the buyer to). Midtrans stays the gateway new intents use."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.payments.gateways.base import PaymentGateway
from lapak.market.payments.gateways.midtrans import MidtransGateway
from lapak.market.payments.gateways.xendit import XenditGateway

MIDTRANS = "midtrans"
XENDIT = "xendit"
PROVIDERS = (MIDTRANS, XENDIT)
XENDIT_API = "https://api.xendit.co"


_shared: list[httpx.Client] = []
_shared_lock = threading.Lock()


def _default_client() -> httpx.Client:
    """One client per process, shared by every adapter (httpx clients are thread-safe): building one loads the CA
    bundle, which cost a third of a notification's CPU when every webhook made its own (bench payment-notify)."""
    with _shared_lock:
        if not _shared:
            _shared.append(httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0)))
        return _shared[0]


# Tests replace this to put a MockTransport (or the in-process sandbox) under the real SDK.
http_client_factory: Callable[[], httpx.Client] = _default_client


def gateway_for(provider: str) -> PaymentGateway:
    """The adapter for `provider`; NotFound for a gateway Lapak does not use."""
    if provider == MIDTRANS:
        return MidtransGateway(server_key=settings.MIDTRANS_SERVER_KEY, base_url=settings.MIDTRANS_BASE_URL,
                               is_production=settings.MIDTRANS_IS_PRODUCTION, http_client=http_client_factory(),
                               notification_url=getattr(settings, "MIDTRANS_NOTIFICATION_URL", ""),
                               iris_url=getattr(settings, "MIDTRANS_IRIS_BASE_URL", ""))
    if provider == XENDIT:
        return XenditGateway(secret_key=getattr(settings, "XENDIT_SECRET_KEY", ""),
                             callback_token=getattr(settings, "XENDIT_CALLBACK_TOKEN", ""),
                             base_url=getattr(settings, "XENDIT_BASE_URL", "") or XENDIT_API,
                             return_url=getattr(settings, "XENDIT_RETURN_URL", ""), http_client=http_client_factory())
    raise NotFound(_("There is no such payment gateway."), code="payment_gateway_not_found")


def charging_provider() -> str:
    """The gateway new payment intents are charged through: settings.PAYMENT_GATEWAY ("midtrans", the default,
    or "xendit" once its keys are set); an unknown name is a configuration error, raised at the first charge."""
    provider = getattr(settings, "PAYMENT_GATEWAY", MIDTRANS) or MIDTRANS
    if provider not in PROVIDERS:
        raise ImproperlyConfigured(f"PAYMENT_GATEWAY must be one of {', '.join(PROVIDERS)}, not {provider!r}")
    return provider


def payout_provider() -> str:
    """The gateway new payouts are disbursed through: settings.PAYOUT_GATEWAY ("midtrans", Iris, the default, or
    "xendit", Payouts v2); an unknown name is a configuration error, raised at the first payout."""
    provider = getattr(settings, "PAYOUT_GATEWAY", MIDTRANS) or MIDTRANS
    if provider not in PROVIDERS:
        raise ImproperlyConfigured(f"PAYOUT_GATEWAY must be one of {', '.join(PROVIDERS)}, not {provider!r}")
    return provider


def providers_configured() -> tuple[str, ...]:
    """The gateways Lapak holds credentials for (Midtrans always: the sandbox stands in for it), e.g. the ones the
    daily reconciliation asks for their settlements."""
    return tuple(p for p in PROVIDERS if p == MIDTRANS or getattr(settings, "XENDIT_SECRET_KEY", ""))


def sandbox_pay_url(provider_order_id: str, provider: str = MIDTRANS) -> str:
    """The sandbox gateway's page where a demo buyer pays; "" when Lapak talks to the real Midtrans, and for
    Xendit (the sandbox speaks Midtrans only)."""
    if provider != MIDTRANS or settings.MIDTRANS_IS_PRODUCTION or "midtrans.com" in settings.MIDTRANS_BASE_URL:
        return ""
    return f"{settings.MIDTRANS_BASE_URL.rstrip('/')}/pay/{provider_order_id}"
