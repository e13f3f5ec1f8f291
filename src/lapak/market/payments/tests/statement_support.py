"""Ground for the statement and netting tests: a shop that owes Lapak (a seller receivable, posted as a refund
after payout leaves it), and the text of a PDF read back page by page with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.sellers.models import SellerOrganisation


def owe(org: SellerOrganisation, amount: int, key: str = "") -> None:
    """The shop owes Lapak `amount` more: a refund clawed back money already paid out (the receivable side of
    refunds_ledger's clawback; the buyer's refund is owed from refunds payable)."""
    ledger_post(key=key or f"test-owe:{org.public_id}:{amount}", cause_type="refund_request", cause_id="rfd_test",
                postings=[debit(ledger_account(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=org.public_id), amount),
                          credit(ledger_account(kind=AccountKind.REFUNDS_PAYABLE, owner_ref="ord_test"), amount)])


def owed(org: SellerOrganisation) -> int:
    return ledger_balance(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=org.public_id)


def pdf_pages(body: bytes) -> list[str]:
    """The text of each page; also proves the bytes are a PDF a reader opens."""
    assert body.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]
