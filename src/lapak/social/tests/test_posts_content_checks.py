"""Payment detection (ID-SOC-1): QRIS codes in pictures and poster frames, payment and checkout links, transfers."""

from __future__ import annotations

import pytest

from lapak.social.content_checks import caption_facts, content_payment_facts, is_qris, picture_facts
from lapak.social.media import media_check
from lapak.social.tests.support_posts import (
    make_video,
    picture_bytes,
    qr_picture_bytes,
    qris_payload,
    upload_of,
)


def test_a_qris_payload_is_recognised_and_a_plain_text_is_not():
    assert is_qris(qris_payload())
    assert not is_qris("https://lapak.example/p/123")
    assert not is_qris("000201 is just a number")


def test_a_qris_code_in_a_picture_embeds_a_payment():
    facts = picture_facts(qr_picture_bytes(qris_payload()))
    assert facts.embeds_payment and not facts.embeds_checkout
    assert facts.found == ["QRIS code in the picture"]


def test_a_qr_code_with_an_ordinary_link_is_not_a_payment():
    facts = picture_facts(qr_picture_bytes("https://www.instagram.com/tokosari"))
    assert not facts.embeds_payment and not facts.embeds_checkout and facts.payment_links == []


def test_a_qr_code_with_a_payment_link_counts_as_a_link():
    facts = picture_facts(qr_picture_bytes("https://checkout.xendit.co/web/abc123"))
    assert facts.embeds_payment and facts.payment_links == ["https://checkout.xendit.co/web/abc123"]


def test_a_picture_without_a_code_carries_nothing():
    facts = picture_facts(picture_bytes())
    assert not facts.embeds_payment and not facts.payment_links


def test_a_qris_sticker_shown_in_a_video_is_found_in_its_poster_frame(tmp_path):
    sticker = tmp_path / "qris.png"
    sticker.write_bytes(qr_picture_bytes(qris_payload(), size=480))
    video = make_video(tmp_path, seconds=2, source=str(sticker))
    checked = media_check(upload_of(video))
    assert picture_facts(checked.poster).embeds_payment


@pytest.mark.parametrize("caption", [
    "Bayar langsung di app.midtrans.com/payment-links/p-123 ya kak",
    "Checkout: https://checkout.xendit.co/web/6512ab",
    "DANA: https://link.dana.id/qr/abc",
    "Transfer ke rekening BCA 123-456-7890 a.n. Sari",
    "tf ke no rek 1234 5678 9012 biar cepat",
    "scan aja " + qris_payload(),
])
def test_payment_captions_embed_a_payment(caption):
    assert caption_facts(caption).embeds_payment


@pytest.mark.parametrize(("caption", "link"), [
    ("Lebih murah di https://shopee.co.id/toko-sari/123", "https://shopee.co.id/toko-sari/123"),
    ("order via wa.me/6281234567890 ya", "wa.me/6281234567890"),
    ("cek www.tokopedia.com/tokosari.", "www.tokopedia.com/tokosari"),
])
def test_other_shops_and_chat_ordering_are_an_external_checkout(caption, link):
    facts = caption_facts(caption)
    assert facts.embeds_checkout and facts.payment_links == [link]


@pytest.mark.parametrize("caption", [
    "Kaos katun adem, cuma Rp75.000! #ootd #murah",
    "Ukuran 12 sampai 14, bayar di Lapak saja",
    "Tonton juga https://www.youtube.com/watch?v=abc",
    "Diskon 50% sampai 31 Desember 2026",
])
def test_ordinary_captions_carry_nothing(caption):
    facts = caption_facts(caption)
    assert not (facts.embeds_payment or facts.embeds_checkout or facts.payment_links), facts.found


def test_facts_from_a_caption_and_pictures_are_merged():
    facts = content_payment_facts(caption="order wa.me/628123456789",
                                  pictures=[qr_picture_bytes(qris_payload()), picture_bytes()])
    assert facts.compliance_facts() == {"embeds_payment": True, "embeds_checkout": True,
                                        "payment_links": ["wa.me/628123456789"]}
