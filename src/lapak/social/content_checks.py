"""Does a post carry a payment? The facts `content.publish` is decided on (ID-SOC-1: social may promote, not transact).

Three things are looked for: a QRIS code (the Indonesian standard QR payment, an EMVCo merchant-presented payload)
in a picture or in any of the frames sampled across a video (media.video_frames), or pasted into the caption as
text; links to payment pages or to another shop's checkout; and requests to transfer money to a bank account.
The lists are data (`PAYMENT_HOSTS`, `CHECKOUT_HOSTS`), kept here so an operator reading a refusal can see exactly
what matched.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image, UnidentifiedImageError

# Hosts (and optional path prefixes) of payment pages: a link to one is a payment inside the content.
PAYMENT_HOSTS: tuple[tuple[str, str], ...] = (
    ("app.midtrans.com", "/payment-links"), ("app.sandbox.midtrans.com", "/payment-links"),
    ("midtrans.com", "/pay"), ("checkout.xendit.co", ""), ("checkout-staging.xendit.co", ""),
    ("invoice.xendit.co", ""), ("link.dana.id", ""), ("m.dana.id", ""), ("dana.id", "/pay"),
    ("gopay.co.id", ""), ("gojek.link", "/gopay"), ("app.gopay.co.id", ""), ("ovo.id", ""), ("ovo.co.id", ""),
    ("linkaja.id", ""), ("link.linkaja.id", ""), ("shopeepay.co.id", ""), ("flip.id", "/pay"),
    ("paypal.me", ""), ("paypal.com", "/paypalme"), ("saweria.co", ""), ("trakteer.id", ""),
    ("sociabuzz.com", ""), ("doku.com", "/checkout"), ("pay.doku.com", ""), ("ipaymu.com", ""),
    ("my.ipaymu.com", ""), ("tripay.co.id", "/checkout"), ("duitku.com", ""), ("faspay.co.id", ""),
)
# Other shops' checkouts and ordering by chat: the sale would happen outside the marketplace.
CHECKOUT_HOSTS: tuple[tuple[str, str], ...] = (
    ("shopee.co.id", ""), ("shope.ee", ""), ("id.shp.ee", ""), ("tokopedia.com", ""), ("tokopedia.link", ""),
    ("tk.tokopedia.com", ""), ("lazada.co.id", ""), ("s.lazada.co.id", ""), ("blibli.com", ""),
    ("bukalapak.com", ""), ("shop.tiktok.com", ""), ("vt.tokopedia.com", ""), ("wa.me", ""),
    ("api.whatsapp.com", "/send"), ("wa.link", ""), ("t.me", ""), ("m.me", ""),
)
_URL = re.compile(r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{2,5})?(?:/[^\s<>\"']*)?",
                  re.IGNORECASE)
# "transfer ke rekening BCA 1234567890", "tf ke no rek 123-456-7890", "bayar ke 0812…": a payment word, then within
# a few words a run of 8 to 16 digits (spaces, dots and dashes allowed between them).
_PAY_WORDS = (r"\b(?:transfer|trf|tf|bayar|pembayaran|rekening|norek|no\.?\s*rek|rek\.|a\.?n\.|atas nama|va"
              r"|virtual account)")
_ACCOUNT = re.compile(_PAY_WORDS + r"\b[^\d\n]{0,40}(\d[\d .-]{6,22}\d)", re.IGNORECASE)
_EMV_START = "000201"
# Acquirer and scheme identifiers seen in Indonesian merchant account templates (tags 26-51): QRIS's own, the
# national switches', the banks' and the wallets'.
ID_ACQUIRER_MARKERS = ("ID.CO.QRIS", "ID.CO.", "ID.OR.", "COM.GO-JEK", "ID.DANA", "ID.LINKAJA", "ID.CO.SHOPEE",
                       "ID.CO.BANKMANDIRI", "ID.CO.BCA", "ID.CO.BRI", "ID.CO.BNI", "ID.CO.TELKOM")


@dataclass
class PaymentFacts:
    embeds_payment: bool = False
    embeds_checkout: bool = False
    payment_links: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # what matched, for the refusal and the operator

    def merge(self, other: PaymentFacts) -> PaymentFacts:
        links = self.payment_links + [link for link in other.payment_links if link not in self.payment_links]
        return PaymentFacts(embeds_payment=self.embeds_payment or other.embeds_payment,
                            embeds_checkout=self.embeds_checkout or other.embeds_checkout,
                            payment_links=links, found=self.found + other.found)

    def compliance_facts(self) -> dict:
        return {"embeds_payment": self.embeds_payment, "embeds_checkout": self.embeds_checkout,
                "payment_links": list(self.payment_links)}


def emv_fields(payload: str) -> dict[str, str] | None:
    """The top-level tag → value map of an EMVCo merchant-presented QR payload, or None if it is not one."""
    if not payload.startswith(_EMV_START):
        return None
    fields: dict[str, str] = {}
    at = 0
    while at < len(payload):
        tag, size = payload[at:at + 2], payload[at + 2:at + 4]
        if len(tag) < 2 or not tag.isdigit() or not size.isdigit():
            return None
        value = payload[at + 4:at + 4 + int(size)]
        if len(value) != int(size):
            return None
        fields[tag] = value
        at += 4 + int(size)
    return fields


def is_qris(payload: str) -> bool:
    """A QRIS (or any EMVCo payment) payload: a valid TLV starting "000201" that names an Indonesian merchant
    account (tags 26-51), the country ID (tag 58), or rupiah (tag 53 = 360)."""
    text = payload.strip()
    if not text.startswith(_EMV_START):
        return False
    if "ID.CO.QRIS" in text.upper() or "5802ID" in text:  # even when a pasted payload lost a character
        return True
    fields = emv_fields(text)
    if fields is None:
        return False
    merchant = " ".join(v.upper() for k, v in fields.items() if k.isdigit() and 26 <= int(k) <= 51)
    return ("ID.CO.QRIS" in text.upper() or any(m in merchant for m in ID_ACQUIRER_MARKERS)
            or fields.get("58") == "ID" or fields.get("53") == "360")


def _host_matches(host: str, path: str, table: Iterable[tuple[str, str]]) -> bool:
    return any((host == known or host.endswith("." + known)) and path.startswith(prefix) for known, prefix in table)


def link_facts(text: str) -> PaymentFacts:
    """Payment and checkout links in a text (caption or a QR code's content)."""
    facts = PaymentFacts()
    for match in _URL.finditer(text or ""):
        raw = match.group(0).rstrip(".,;:!?)")
        parts = urlsplit(raw if "://" in raw else "https://" + raw)
        host, path = (parts.hostname or "").lower().removeprefix("www."), parts.path or "/"
        if _host_matches(host, path, PAYMENT_HOSTS):
            facts.embeds_payment = True
            facts.payment_links.append(raw)
            facts.found.append(f"payment link: {raw}")
        elif _host_matches(host, path, CHECKOUT_HOSTS):
            facts.embeds_checkout = True
            facts.payment_links.append(raw)
            facts.found.append(f"external checkout: {raw}")
    return facts


def caption_facts(caption: str) -> PaymentFacts:
    """Links, a QRIS payload pasted as text, and bank-transfer requests with an account number."""
    facts = link_facts(caption)
    for word in re.findall(r"000201[0-9A-Za-z.\-_ /:]{20,512}", caption or ""):
        if is_qris(word.split()[0]):
            facts.embeds_payment = True
            facts.found.append("QRIS payload in the caption")
    for match in _ACCOUNT.finditer(caption or ""):
        digits = re.sub(r"\D", "", match.group(1))
        if 8 <= len(digits) <= 16:
            facts.embeds_payment = True
            facts.found.append(f"bank transfer request: {match.group(0).strip()[:80]}")
    return facts


def picture_facts(raw: bytes, *, where: str = "the picture") -> PaymentFacts:
    """QR codes in a picture (or a video frame): a QRIS payload embeds a payment; a payment link in a code counts as
    a link. An unreadable picture yields no facts (media.py has already refused what is not a picture)."""
    facts = PaymentFacts()
    try:
        with Image.open(io.BytesIO(raw)) as image:
            codes = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except (UnidentifiedImageError, OSError, ValueError):
        return facts
    for code in codes:
        if is_qris(code.text):
            facts.embeds_payment = True
            facts.found.append(f"QRIS code in {where}")
        else:
            facts = facts.merge(link_facts(code.text))
    return facts


def content_payment_facts(*, caption: str, pictures: Iterable[bytes], frames: Iterable[bytes] = ()) -> PaymentFacts:
    """Everything a post carries, checked together: the caption, its pictures, and frames sampled from its video
    (numbered in the order given, so an operator can find the moment)."""
    facts = caption_facts(caption)
    for raw in pictures:
        facts = facts.merge(picture_facts(raw))
    for n, raw in enumerate(frames, start=1):
        facts = facts.merge(picture_facts(raw, where=f"the video (sampled frame {n})"))
    return facts
