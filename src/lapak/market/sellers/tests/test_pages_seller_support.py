"""Helpers for the seller centre page tests: signed-in clients, wizard URLs, files to upload."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lapak.market.sellers.tests.conftest import PDF_BYTES, jpeg_bytes


def client_for(user, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def step(application, name: str) -> str:
    return reverse("sellers:wizard", args=[application.public_id, name])


def text(response) -> str:
    return response.content.decode()


def photo(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def start(client: Client, seller_type: str = "individual", shop: str = "Toko Sari"):
    """Create a shop through the start page; returns its draft application."""
    from lapak.market.sellers.models import SellerApplication

    response = client.post(reverse("sellers:start"), {"seller_type": seller_type, "shop_name": shop,
                                                      "jurisdiction": "ID", "umkm_class": "micro"})
    assert response.status_code == 302, text(response)
    application = SellerApplication.objects.filter(organisation__shop_name=shop).latest("pk")
    assert response["Location"] == step(application, "consent")
    return application


def consent(client: Client, application, purposes=("kyc_verification", "payout_processing")) -> None:
    from lapak.market.sellers.rules import consent_policy_version

    data = {"policy_version": consent_policy_version(), "continue": "1"}
    data.update({f"consent_{purpose}": "on" for purpose in purposes})
    response = client.post(step(application, "consent"), data)
    assert response.status_code == 302, text(response)
