"""Through a whole onboarding done over the API, identity and account numbers appear in full in exactly two
answers: the data subject's own export and an operator's reveal. Everything else, including what the
idempotency table keeps for replay, carries masks only."""

from __future__ import annotations

import itertools

import pytest

from lapak.core.idempotency.models import IdempotencyKey
from lapak.market.sellers.rules import consent_policy_version
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN, POSTCODE, VILLAGE, jpeg_bytes
from lapak.market.sellers.tests.test_api_support import ACCOUNT, call, text_of

OTHER_ACCOUNT = "8800554433"
CORRECTED_NIK = "3171011205900005"
NUMBERS = (NIK_MAN, NIK_WOMAN, ACCOUNT, OTHER_ACCOUNT, CORRECTED_NIK)
S = "/api/v1/sellers"
O = "/api/v1/operator"  # noqa: E741


class Recorder:
    """Calls the API (every unsafe call with an Idempotency-Key) and keeps each answer's text by label."""

    def __init__(self):
        self.answers: list[tuple[str, str]] = []
        self.keys = itertools.count()

    def __call__(self, label: str, method: str, path: str, headers: dict, **kwargs) -> dict:
        if method != "GET":
            kwargs["HTTP_IDEMPOTENCY_KEY"] = f"k{next(self.keys)}"
        response = call(method, path, headers, **kwargs)
        assert response.status_code < 300, (label, response.status_code, response.content[:300])
        self.answers.append((label, text_of(response)))
        return response.json() if response.content else {}


def onboard(api: Recorder, headers: dict, *, nik: str, sex: str, account: str, shop: str) -> str:
    api("consent", "POST", f"{S}/me/consents", headers, json_body={
        "purposes": ["kyc_verification", "payout_processing"], "policy_version": consent_policy_version()})
    application = api("apply", "POST", f"{S}/applications", headers,
                      json_body={"seller_type": "individual", "shop_name": shop})
    url = f"{S}/applications/{application['id']}"
    org = f"{S}/organisations/{application['organisation']['id']}"
    api("draft", "PATCH", url, headers, json_body={
        "id_document_kind": "ktp", "full_name": "Budi Santoso", "nik": nik, "birth_date": "1990-05-12", "sex": sex,
        "phone": "+628111222333", "address_line": "Jl. Gambir 1", "address_region_code": VILLAGE,
        "address_postcode": POSTCODE})
    api("ktp", "POST", f"{url}/documents/ktp_photo", headers, file=jpeg_bytes())
    api("selfie", "POST", f"{url}/documents/selfie", headers, file=jpeg_bytes(color=(9, 9, 9)))
    api("bank", "PUT", f"{org}/bank-account", headers,
        json_body={"bank_code": "BCA", "account_number": account, "holder_name": "Budi Santoso"})
    api("org", "GET", org, headers)
    api("orgs", "GET", f"{S}/me/organisations", headers)
    api("application", "GET", url, headers)
    api("submit", "POST", f"{url}/submit", headers)
    api("history", "GET", f"{url}/history", headers)
    return application["id"]


@pytest.mark.django_db
def test_full_numbers_only_in_the_export_and_the_reveal(people, make_user, bearer, region_tree):
    api = Recorder()
    owner, other, desk = bearer(people.owner), bearer(make_user(email="siti@example.test")), bearer(people.operator)
    mine = onboard(api, owner, nik=NIK_MAN, sex="M", account=ACCOUNT, shop="Toko Budi")
    onboard(api, other, nik=NIK_WOMAN, sex="F", account=OTHER_ACCOUNT, shop="Toko Siti")
    api("correction", "POST", f"{S}/me/data-requests/correction", owner,
        json_body={"application": mine, "changes": {"nik": CORRECTED_NIK}})
    api("my requests", "GET", f"{S}/me/data-requests", owner)

    queue = api("queue", "GET", f"{O}/kyc/applications", desk)
    assert len(queue["items"]) == 2
    api("case", "GET", f"{O}/kyc/applications/{mine}", desk)
    api("review", "POST", f"{O}/kyc/applications/{mine}/start-review", desk)
    api("decide", "POST", f"{O}/kyc/applications/{mine}/decision", desk, json_body={"decision": "verify"})
    requests = api("requests", "GET", f"{O}/data-requests", desk)
    api("request", "GET", f"{O}/data-requests/{requests['items'][0]['id']}", desk)
    api("accounts", "GET", f"{O}/bank-accounts/review", desk)

    export = api("export", "POST", f"{S}/me/data-requests/export", owner)
    reveal = api("reveal", "POST", f"{O}/kyc/reveals/{mine}", desk,
                 json_body={"field": "nik", "reason": "Comparing with the KTP photo"})

    exposed = {label: [n for n in NUMBERS if n in text] for label, text in api.answers}
    assert {label: found for label, found in exposed.items() if found} == {
        "export": [NIK_MAN, ACCOUNT], "reveal": [NIK_MAN]}
    assert export["export"]["applications"][0]["identity_numbers"]["nik"]["value"] == NIK_MAN
    assert reveal["value"] == NIK_MAN
    assert "3171••••••••0001" in dict(api.answers)["case"]  # masks were there to be seen

    stored = [bytes(row.response_body or b"").decode("utf-8", "replace") for row in IdempotencyKey.objects.all()]
    assert len(stored) > 10  # the unsafe calls were stored for replay...
    assert [n for n in NUMBERS if any(n in body for body in stored)] == []  # ...but never a full number
