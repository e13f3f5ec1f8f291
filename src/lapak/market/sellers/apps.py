from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SellersConfig(AppConfig):
    name = "lapak.market.sellers"
    label = "sellers"
    verbose_name = _("Sellers")

    def ready(self) -> None:
        from lapak.market.sellers import handlers  # noqa: F401  (outbox subscriptions)
        from lapak.market.sellers.identity import (
            IDENTITY_FIELDS,
            application_context,
            bank_account_context,
            document_context,
        )
        from lapak.market.sellers.models import ApplicationDocument, BankAccount, DataSubjectRequest, SellerApplication
        from lapak.market.sellers.services.data_rights import correction_context
        from lapak.market.sellers.vault import register_encrypted_field

        # Every vault-encrypted column, with the context it was sealed under, so `vault_rotate` can re-encrypt it.
        for name, spec in IDENTITY_FIELDS.items():
            register_encrypted_field(
                SellerApplication, f"{spec.prefix}_encrypted", lambda row, name=name: application_context(row, name)
            )
        register_encrypted_field(BankAccount, "number_encrypted", bank_account_context)
        register_encrypted_field(ApplicationDocument, "content_encrypted", document_context)
        register_encrypted_field(DataSubjectRequest, "correction_encrypted", correction_context)
        from lapak.compliance.subjects import register_subject_source
        from lapak.market.sellers import tasks  # noqa: F401  (registers the daily retention purge)
        from lapak.market.sellers.compliance_subjects import SellerSource

        register_subject_source("seller.verify", SellerSource())  # re-evaluation sweeps (lapak.compliance)
