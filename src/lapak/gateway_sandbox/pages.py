"""The buyer-facing pages: pay a QRIS code or a virtual account, pass a card's 3DS check.

A test double, so one short bilingual page each (Indonesian first, English after), no templates, no i18n.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:28rem;margin:1.5rem auto;padding:0 1rem;color:#222}"
    "h1{font-size:1.3rem}.amount{font-size:1.8rem;font-weight:700}.en{color:#666;font-size:.9em}"
    "button{font-size:1.1rem;padding:.7rem 1.4rem;margin:.3rem .3rem 0 0;border-radius:.4rem;border:0;"
    "background:#0a7d4f;color:#fff}button.deny{background:#b3261e}code{font-size:1.3rem;letter-spacing:.05em}"
    "img{max-width:100%;image-rendering:pixelated}"
)


def _page(title: str, body: str) -> bytes:
    return (
        f'<!doctype html><html lang="id"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    ).encode()


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _instructions(tx: dict[str, Any]) -> str:
    details = tx["details"]
    if "va_numbers" in details:
        va = details["va_numbers"][0]
        return (f"<p>Transfer ke virtual account {escape(va['bank'].upper())} / "
                f'<span class="en">Transfer to virtual account</span>:</p>'
                f"<p><code>{escape(va['va_number'])}</code></p>")
    if "permata_va_number" in details:
        return ("<p>Virtual account Permata / <span class=\"en\">Permata virtual account</span>:</p>"
                f"<p><code>{escape(details['permata_va_number'])}</code></p>")
    if "bill_key" in details:
        return (f"<p>Mandiri Bill — kode perusahaan / <span class=\"en\">biller code</span>: "
                f"<code>{escape(details['biller_code'])}</code></p><p>Kode bayar / <span class=\"en\">bill key</span>: "
                f"<code>{escape(details['bill_key'])}</code></p>")
    if "qr_string" in details:
        kind = "qris" if tx["payment_type"] == "qris" else "gopay"
        return (f"<p>Pindai kode QRIS ini / <span class=\"en\">Scan this QRIS code</span>:</p>"
                f'<img alt="QRIS" width="240" height="240" src="/v2/{kind}/{escape(tx["transaction_id"])}/qr-code">')
    kind = escape(tx["payment_type"])
    return f'<p>Bayar dengan {kind} / <span class="en">Pay with {kind}</span></p>'


def _finish_link(tx: dict[str, Any], finish_url: str, status_code: str) -> str:
    if not finish_url:
        return ""
    query = urlencode({"order_id": tx["order_id"], "status_code": status_code, "transaction_status": tx["status"]})
    joiner = "&" if "?" in finish_url else "?"
    link = escape(finish_url + joiner + query)
    return f'<p><a href="{link}">Kembali ke toko / <span class="en">Back to the shop</span></a></p>'


def pay_page(tx: dict[str, Any], *, finish_url: str, status_code: str) -> bytes:
    """GET /pay/{order_id}: the amount, the QR or VA number, and a Pay button while it is pending."""
    head = (f"<h1>Pembayaran / <span class=\"en\">Payment</span></h1><p>Pesanan / <span class=\"en\">Order</span> "
            f"<strong>{escape(tx['order_id'])}</strong></p><p class=\"amount\">{_rupiah(tx['gross_amount'])}</p>")
    if tx["status"] != "pending":
        return _page("Pembayaran", head + _done(tx) + _finish_link(tx, finish_url, status_code))
    if "redirect_url" in tx["details"]:  # cards pay on the bank's 3DS page, not here
        link = escape(tx["details"]["redirect_url"])
        return _page("Pembayaran", head + f'<p><a href="{link}">Lanjut ke verifikasi kartu / '
                     '<span class="en">Continue to the card check</span></a></p>')
    body = (
        head + _instructions(tx)
        + f"<p>Bayar sebelum / <span class=\"en\">Pay before</span> {escape(tx['expiry_time'])} WIB</p>"
        + f'<form method="post" action="/pay/{escape(tx["order_id"])}">'
        + '<button type="submit">Bayar / Pay</button></form>'
    )
    return _page("Pembayaran", body)


def _done(tx: dict[str, Any]) -> str:
    words = {
        "settlement": ("Lunas", "Paid"), "capture": ("Lunas", "Paid"), "expire": ("Kedaluwarsa", "Expired"),
        "cancel": ("Dibatalkan", "Cancelled"), "deny": ("Ditolak", "Denied"),
        "refund": ("Dikembalikan", "Refunded"), "partial_refund": ("Dikembalikan sebagian", "Partly refunded"),
    }
    indonesian, english = words.get(tx["status"], (tx["status"], tx["status"]))
    return f'<p><strong>{indonesian}</strong> / <span class="en">{english}</span></p>'


def three_ds_page(tx: dict[str, Any], *, finish_url: str, status_code: str) -> bytes:
    """GET /3ds/{transaction_id}: the sandbox bank's card check, with approve and deny buttons."""
    head = (f"<h1>Verifikasi kartu (3-D Secure) / <span class=\"en\">Card check</span></h1>"
            f"<p>{escape(tx['details'].get('masked_card', ''))}</p>"
            f"<p class=\"amount\">{_rupiah(tx['gross_amount'])}</p>")
    if tx["status"] != "pending":
        return _page("3-D Secure", head + _done(tx) + _finish_link(tx, finish_url, status_code))
    action = f"/3ds/{escape(tx['transaction_id'])}"
    return _page("3-D Secure", head + (
        f'<form method="post" action="{action}"><button name="action" value="approve">Setujui / Approve</button>'
        f'<button class="deny" name="action" value="deny">Tolak / Deny</button></form>'
    ))


def message_page(status: int, indonesian: str, english: str) -> bytes:
    """A small error page for buyers (unknown order, a payment no longer possible)."""
    return _page(str(status), f'<h1>{escape(indonesian)}</h1><p class="en">{escape(english)}</p>')
