"""The buyer's pages and the switch that hides the test controls."""

from __future__ import annotations

import httpx

from lapak.gateway_sandbox.app import make_app
from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.server import serve_in_thread


def test_pay_page_shows_amount_and_va_then_pays(sandbox, receiver):
    data = sandbox.charge("ord-page", "bank_transfer", 1250000, bank_transfer={"bank": "bca"}).json()
    page = httpx.get(f"{sandbox.base_url}/pay/ord-page")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Rp1.250.000" in page.text and data["va_numbers"][0]["va_number"] in page.text
    assert "Bayar" in page.text and "Pay" in page.text and 'method="post"' in page.text
    paid = httpx.post(f"{sandbox.base_url}/pay/ord-page", follow_redirects=True)
    assert paid.status_code == 200 and "Lunas" in paid.text and "Paid" in paid.text
    assert sandbox.client.get("/v2/ord-page/status").json()["transaction_status"] == "settlement"
    again = httpx.post(f"{sandbox.base_url}/pay/ord-page", follow_redirects=True)
    assert again.status_code == 200
    assert [b["transaction_status"] for b in receiver.wait_for(2)] == ["pending", "settlement"]
    assert len(receiver.received) == 2  # paying twice settles once


def test_qris_page_shows_the_qr_image(sandbox):
    data = sandbox.charge("ord-page-qr", "qris", 42000).json()
    page = httpx.get(f"{sandbox.base_url}/pay/ord-page-qr").text
    assert f"/v2/qris/{data['transaction_id']}/qr-code" in page and "Rp42.000" in page
    sandbox.charge("ord-page-m", "echannel")
    assert "Mandiri" in httpx.get(f"{sandbox.base_url}/pay/ord-page-m").text


def test_unknown_order_page_is_404(sandbox):
    assert httpx.get(f"{sandbox.base_url}/pay/nope").status_code == 404
    assert httpx.post(f"{sandbox.base_url}/pay/nope").status_code == 404
    assert httpx.get(f"{sandbox.base_url}/3ds/nope").status_code == 404


def test_controls_are_off_unless_enabled(tmp_path):
    app = make_app(Config(db_path=tmp_path / "off.sqlite3", controls=False, background=False))
    server, base_url = serve_in_thread(app)
    try:
        assert httpx.get(f"{base_url}/_control/").status_code == 404
        assert httpx.post(f"{base_url}/_control/x/settle").status_code == 404
    finally:
        server.shutdown()
        server.server_close()
        app.close()


def test_finish_link_after_payment(tmp_path):
    app = make_app(Config(db_path=tmp_path / "f.sqlite3", finish_url="http://shop.test/done", background=False))
    server, base_url = serve_in_thread(app)
    try:
        client = httpx.Client(base_url=base_url, auth=("SB-Mid-server-lapak-sandbox", ""))
        client.post("/v2/charge", json={"payment_type": "permata",
                                        "transaction_details": {"order_id": "ord-fin", "gross_amount": 10}})
        page = client.post("/pay/ord-fin", follow_redirects=True).text
        assert "http://shop.test/done?order_id=ord-fin&amp;status_code=200&amp;transaction_status=settlement" in page
    finally:
        server.shutdown()
        server.server_close()
        app.close()


def test_card_pay_page_leads_to_the_3ds_page(sandbox):
    card = sandbox.charge("ord-page-card", "credit_card", 10000, credit_card={"authentication": True}).json()
    page = httpx.get(f"{sandbox.base_url}/pay/ord-page-card").text
    assert card["redirect_url"] in page and 'method="post"' not in page
    three_ds = httpx.get(card["redirect_url"]).text
    assert "3-D Secure" in three_ds and 'value="approve"' in three_ds and 'value="deny"' in three_ds
    httpx.post(f"{sandbox.base_url}/pay/ord-page-card")
    assert sandbox.client.get("/v2/ord-page-card/status").json()["transaction_status"] == "pending"
