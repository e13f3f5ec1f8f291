"""The official Xendit SDK (`xendit-python` 7.0.0) sending through Lapak's shared httpx client.

The SDK's `ApiClient` builds every request (URL from `Configuration.host`, Basic auth with the secret key, the
`idempotency-key` header, JSON bodies from its models) and then hands it to `ApiClient.rest_client.request(...)`,
which is a urllib3 pool manager with no timeout. `HttpxRestClient` takes that place: same signature, same
`RESTResponse`-like answer (status, reason, data, headers), same `XenditSdkException` for a non-2xx answer, but
sent over the `httpx.Client` every adapter shares (timeouts in production; a MockTransport in tests). Everything
above the transport — request building, serialisation, deserialisation into the SDK's models — runs unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from xendit import ApiClient, Configuration
from xendit.exceptions import XenditSdkException
from xendit.rest import RESTClientObject


class _Answer:
    """What the SDK reads from urllib3's response: status, reason, data (bytes) and the headers."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.reason = response.reason_phrase
        self.data = response.content
        self._headers = response.headers

    def getheaders(self) -> dict[str, str]:
        return dict(self._headers)

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return self._headers.get(name, default)


class HttpxRestClient(RESTClientObject):
    """`RESTClientObject.request` over httpx. The SDK calls GET/POST/... which all end here."""

    def __init__(self, client: httpx.Client) -> None:  # no urllib3 pool: the httpx client is the pool
        self._client = client

    def request(self, method: str, url: str, query_params: Any = None, headers: dict | None = None,
                body: Any = None, post_params: Any = None, _preload_content: bool = True,
                _request_timeout: Any = None) -> _Answer:
        headers = dict(headers or {})
        content = None
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
            content = body if isinstance(body, bytes | str) else json.dumps(body)
        answer = _Answer(self._client.request(method.upper(), url, params=query_pairs(query_params) or None,
                                              headers=headers, content=content))
        if not 200 <= answer.status <= 299:
            raise XenditSdkException(raw_response=_json_or_none(answer.data), param_status=str(answer.status),
                                     param_status_text=answer.reason)
        return answer


def query_pairs(params: Any) -> list[tuple[str, str]]:
    """The SDK's query parameters as Xendit reads them. The SDK leaves an object filter (the transaction list's
    `created` range) as a dict, which urllib3 would send as its Python repr: Xendit takes `created[gte]=...`.
    Its floats (`limit`) are sent without a fraction when they have none."""
    pairs: list[tuple[str, str]] = []
    for name, value in (params.items() if isinstance(params, dict) else params or []):
        if isinstance(value, dict):
            pairs += [(f"{name}[{key}]", _text(inner)) for key, inner in value.items() if inner is not None]
        elif value is not None:
            pairs.append((name, _text(value)))
    return pairs


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _json_or_none(data: bytes) -> dict | None:
    """The error body as the SDK's exception expects it (a dict), or None when it is not JSON (a proxy's page)."""
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def api_client(*, secret_key: str, base_url: str, http_client: httpx.Client) -> ApiClient:
    """An SDK client for `base_url` (Xendit's API host, or a stand-in) sending over `http_client`."""
    configuration = Configuration(host=base_url.rstrip("/"))
    configuration.api_key = secret_key
    client = ApiClient(configuration)
    client.rest_client = HttpxRestClient(http_client)
    return client
