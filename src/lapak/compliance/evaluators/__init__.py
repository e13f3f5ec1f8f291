"""Evaluators by name. A rule names its evaluator; several rules may share one (ID-SEL-5 and ID-MKT-1 both
refuse a seller type) with different parameters. Listed here explicitly: no discovery by magic."""

from __future__ import annotations

from lapak.compliance.evaluators.base import Evaluator, Finding
from lapak.compliance.evaluators.content import ContentWithoutPayment
from lapak.compliance.evaluators.goods import (
    CategoryCertificates,
    CrossBorderFloor,
    HalalCertificate,
    HsCodeDeclared,
    OriginShown,
)
from lapak.compliance.evaluators.money import ReturnWindowClosed
from lapak.compliance.evaluators.sellers import (
    ForeignMerchantDocuments,
    RefusedSellerType,
    TraderIdentity,
    VerifiedLocalSeller,
)

EVALUATORS: dict[str, Evaluator] = {
    "verified_local_seller": VerifiedLocalSeller(),
    "refused_seller_type": RefusedSellerType(),
    "foreign_merchant_documents": ForeignMerchantDocuments(),
    "trader_identity": TraderIdentity(),
    "cross_border_floor": CrossBorderFloor(),
    "hs_code_declared": HsCodeDeclared(),
    "category_certificates": CategoryCertificates(),
    "halal_certificate": HalalCertificate(),
    "origin_shown": OriginShown(),
    "return_window_closed": ReturnWindowClosed(),
    "content_without_payment": ContentWithoutPayment(),
}

__all__ = ["EVALUATORS", "Evaluator", "Finding"]
