"""The WSGI application: routes, HTTP Basic auth with the server key, JSON in and out.

Core API (auth):   POST /v2/charge, GET /v2/{id}/status, POST /v2/{id}/cancel|expire|refund
Reports (auth):    GET /v1/settlements?date=YYYY-MM-DD (sandbox only; settlements.py)
Public:            GET /v2/qris/{transaction_id}/qr-code (PNG), GET|POST /pay/{order_id},
                   GET|POST /3ds/{transaction_id}, GET /healthz
Controls (only with GATEWAY_SANDBOX_CONTROLS=1): GET /_control/, GET /_control/{id},
                   POST /_control/{id}/settle|notify|expire
Run: gunicorn lapak.gateway_sandbox.app:app — or `make_app(config)` in-process.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from lapak.gateway_sandbox import errors, pages
from lapak.gateway_sandbox.config import Config
from lapak.gateway_sandbox.notify import Notifier
from lapak.gateway_sandbox.operations import Gateway
from lapak.gateway_sandbox.payloads import API_STATUS_CODES
from lapak.gateway_sandbox.payouts import Payouts
from lapak.gateway_sandbox.qr import qr_png
from lapak.gateway_sandbox.settlements import settlements_of
from lapak.gateway_sandbox.store import Store
from lapak.gateway_sandbox.validation import parse_notify

logger = logging.getLogger("lapak.gateway_sandbox")
MAX_BODY = 1_000_000
Response = tuple[str, list[tuple[str, str]], bytes]
StartResponse = Callable[..., Any]
_ID = r"(?P<key>[A-Za-z0-9\-_.~]{1,50})"


def _json(status: int, data: Any) -> Response:
    reason = {200: "OK", 201: "Created", 303: "See Other", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
              405: "Method Not Allowed", 406: "Not Acceptable", 409: "Conflict", 412: "Precondition Failed",
              500: "Internal Server Error"}.get(status, "Error")
    return f"{status} {reason}", [("Content-Type", "application/json")], json.dumps(data).encode()


def _html(body: bytes, status: str = "200 OK") -> Response:
    return status, [("Content-Type", "text/html; charset=utf-8")], body


def _redirect(location: str) -> Response:
    return "303 See Other", [("Location", location), ("Content-Type", "text/plain")], b""


class SandboxApp:
    """One gateway: its store, its notification sender, its expiry sweep, and the routes on top."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.store = Store(config.db_path)
        self.notifier = Notifier(self.store, config)
        self.gateway = Gateway(config, self.store, self.notifier)
        self._started = False
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Response], bool]] = [
            ("POST", re.compile(r"^/v2/charge$"), self._charge, True),
            ("GET", re.compile(rf"^/v2/{_ID}/status$"), lambda env, key: _json(200, self.gateway.status(key)), True),
            ("POST", re.compile(rf"^/v2/{_ID}/cancel$"), lambda env, key: _json(200, self.gateway.cancel(key)), True),
            ("POST", re.compile(rf"^/v2/{_ID}/expire$"), lambda env, key: _json(200, self.gateway.expire(key)), True),
            ("POST", re.compile(rf"^/v2/{_ID}/refund$"), self._refund, True),
            ("GET", re.compile(rf"^/v2/(?:qris|gopay)/{_ID}/qr-code$"), self._qr_code, False),
            ("GET", re.compile(rf"^/pay/{_ID}$"), self._pay_page, False),
            ("POST", re.compile(rf"^/pay/{_ID}$"), self._pay, False),
            ("GET", re.compile(rf"^/3ds/{_ID}$"), self._three_ds_page, False),
            ("POST", re.compile(rf"^/3ds/{_ID}$"), self._three_ds, False),
            ("GET", re.compile(r"^/v1/settlements$"), lambda env: _json(200, settlements_of(self.store, env)), True),
            ("GET", re.compile(r"^/healthz$"), lambda env: _json(200, {"status": "ok"}), False),
        ]
        self.routes += Payouts(self).routes()  # disbursements (payouts.py)
        if config.controls:
            self.routes += [
                ("GET", re.compile(r"^/_control/?$"), lambda env: _json(200, self.gateway.listing()), False),
                ("GET", re.compile(rf"^/_control/{_ID}$"),
                 lambda env, key: _json(200, self.gateway.inspect(key)), False),
                ("POST", re.compile(rf"^/_control/{_ID}/settle$"), self._control_settle, False),
                ("POST", re.compile(rf"^/_control/{_ID}/notify$"), self._control_notify, False),
                ("POST", re.compile(rf"^/_control/{_ID}/expire$"),
                 lambda env, key: _json(200, self.gateway.expire_now(key)), False),
            ]

    # Lifecycle ----------------------------------------------------------------------------------------

    def start_background(self) -> None:
        """Start the notification sender and the expiry sweep (once; also done on the first request)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        self.notifier.start()
        threading.Thread(target=self._sweep, name="gateway-expiry", daemon=True).start()

    def close(self) -> None:
        """Stop the threads and close the store."""
        self._stop.set()
        self.notifier.stop()
        self.store.close()

    def _sweep(self) -> None:
        while not self._stop.wait(self.config.sweep_interval):
            try:
                self.gateway.expire_due()
            except Exception:
                logger.exception("expiry sweep failed")

    # WSGI ---------------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self.config.background and not self._started:
            self.start_background()
        try:
            status, headers, body = self._dispatch(environ)
        except errors.GatewayError as exc:
            status, headers, body = _json(exc.status, exc.body())
        except Exception:
            logger.exception("unexpected error in %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            status, headers, body = _json(500, {"status_code": "500", "status_message": "Sorry. Our system is "
                                                "recovering from unexpected issues. Please retry."})
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _dispatch(self, environ: dict[str, Any]) -> Response:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        path_matched = False
        for route_method, pattern, handler, needs_auth in self.routes:
            match = pattern.match(path)
            if match is None:
                continue
            path_matched = True
            if route_method != method:
                continue
            if needs_auth:
                self._authenticate(environ)
            return handler(environ, **match.groupdict())
        if path_matched:
            return _json(405, {"status_code": "405", "status_message": "Method not allowed"})
        return _json(404, {"status_code": "404", "status_message": "The requested resource is not found"})

    def _authenticate(self, environ: dict[str, Any]) -> None:
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, encoded = header.partition(" ")
        try:
            username = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            raise errors.unauthorized() from None
        if scheme.lower() != "basic" or not hmac.compare_digest(username.encode(), self.config.server_key.encode()):
            raise errors.unauthorized()

    def _body(self, environ: dict[str, Any]) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise errors.invalid("Content-Length is not a number") from None
        if length > MAX_BODY:
            raise errors.invalid("request body is too large")
        return environ["wsgi.input"].read(length) if length > 0 else b""

    def _json_body(self, environ: dict[str, Any]) -> Any:
        raw = self._body(environ)
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise errors.invalid("request body is not valid JSON") from None

    def _base_url(self, environ: dict[str, Any]) -> str:
        if self.config.public_url:
            return self.config.public_url
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT')}"
        return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"

    # Handlers -----------------------------------------------------------------------------------------

    def _charge(self, environ: dict[str, Any]) -> Response:
        # Midtrans lets a charge name its own notification URL(s); the sandbox uses the first one.
        override = environ.get("HTTP_X_OVERRIDE_NOTIFICATION", "").split(",")[0].strip() or None
        body = self._json_body(environ)
        return _json(200, self.gateway.charge(body, base_url=self._base_url(environ), notify_url=override))

    def _refund(self, environ: dict[str, Any], key: str) -> Response:
        return _json(200, self.gateway.refund(key, self._json_body(environ)))

    def _qr_code(self, environ: dict[str, Any], key: str) -> Response:
        with self.store.transaction() as conn:
            tx = self.store.find(conn, key)
        if tx is None or "qr_string" not in tx["details"]:
            raise errors.not_found()
        png = qr_png(tx["details"]["qr_string"])
        return "200 OK", [("Content-Type", "image/png"), ("Cache-Control", "no-store")], png

    def _find_for_page(self, key: str) -> dict[str, Any] | None:
        self.gateway.expire_due()
        with self.store.transaction() as conn:
            return self.store.find(conn, key)

    def _pay_page(self, environ: dict[str, Any], key: str) -> Response:
        tx = self._find_for_page(key)
        if tx is None:
            return _html(pages.message_page(404, "Pesanan tidak ditemukan", "Order not found"), "404 Not Found")
        return _html(pages.pay_page(tx, finish_url=self.config.finish_url, status_code=API_STATUS_CODES[tx["status"]]))

    def _pay(self, environ: dict[str, Any], key: str) -> Response:
        tx = self._find_for_page(key)
        if tx is None:
            return _html(pages.message_page(404, "Pesanan tidak ditemukan", "Order not found"), "404 Not Found")
        if tx["payment_type"] != "credit_card":
            with contextlib.suppress(errors.GatewayError):  # no longer pending: the page shows what it became
                self.gateway.settle(key)
        return _redirect(f"/pay/{tx['order_id']}")

    def _three_ds_page(self, environ: dict[str, Any], key: str) -> Response:
        tx = self._find_for_page(key)
        if tx is None or tx["payment_type"] != "credit_card":
            return _html(pages.message_page(404, "Transaksi tidak ditemukan", "Transaction not found"), "404 Not Found")
        return _html(pages.three_ds_page(tx, finish_url=self.config.finish_url,
                                         status_code=API_STATUS_CODES[tx["status"]]))

    def _three_ds(self, environ: dict[str, Any], key: str) -> Response:
        tx = self._find_for_page(key)
        if tx is None or tx["payment_type"] != "credit_card":
            return _html(pages.message_page(404, "Transaksi tidak ditemukan", "Transaction not found"), "404 Not Found")
        form = parse_qs(self._body(environ).decode("utf-8", "replace"))
        with contextlib.suppress(errors.GatewayError):  # already answered: the page shows the outcome
            self.gateway.authenticate_card(key, approve=form.get("action", [""])[0] == "approve")
        return _redirect(f"/3ds/{tx['transaction_id']}")

    def _control_settle(self, environ: dict[str, Any], key: str) -> Response:
        body = self._json_body(environ) or {}
        if not isinstance(body, dict) or not isinstance(body.get("force", False), bool):
            raise errors.invalid("body must be {\"force\": bool}")
        return _json(200, self.gateway.settle(key, force=body.get("force", False)))

    def _control_notify(self, environ: dict[str, Any], key: str) -> Response:
        ids = self.gateway.notify(key, parse_notify(self._json_body(environ)))
        return _json(200, {"queued": len(ids), "notification_ids": ids})


def make_app(config: Config) -> SandboxApp:
    """A gateway for `config` (tests pass their own, with the store in tmp_path)."""
    return SandboxApp(config)


class _LazyApp:
    """The gunicorn entry point: builds the gateway from the environment on the first request, so importing
    this module (as tests do) never opens the default database."""

    def __init__(self) -> None:
        self._app: SandboxApp | None = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = SandboxApp(Config.from_env())
        return self._app(environ, start_response)


app = _LazyApp()
