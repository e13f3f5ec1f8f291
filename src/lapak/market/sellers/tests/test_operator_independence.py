"""No one reviews their own shop or handles their own data request, whatever screen they use."""

import pytest

from lapak.accounts.services import role_grant
from lapak.core.errors import PermissionDenied
from lapak.market.sellers.selectors import bank_account_current
from lapak.market.sellers.services import (
    bank_account_review,
    data_deletion_request,
    data_request_refuse,
    identity_reveal,
    member_add,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_with_operator_member(build, people):
    application = build.individual()
    member_add(organisation=application.organisation, actor=people.owner, user=people.operator, role="staff")
    return application


def test_an_operator_who_belongs_to_the_shop_cannot_approve_its_payout_account(shop_with_operator_member, people):
    account = bank_account_current(organisation=shop_with_operator_member.organisation, user=people.owner)
    with pytest.raises(PermissionDenied) as refused:
        bank_account_review(account=account, actor=people.operator, approve=True)
    assert refused.value.code == "operator_conflict"
    account.refresh_from_db()
    assert account.status != "verified"
    assert bank_account_review(account=account, actor=people.operator2, approve=True).status == "verified"


def test_an_operator_who_belongs_to_the_shop_cannot_reveal_its_numbers(shop_with_operator_member, people):
    with pytest.raises(PermissionDenied):
        identity_reveal(application=shop_with_operator_member, field="nik", actor=people.operator, reason="checking")
    assert identity_reveal(application=shop_with_operator_member, field="nik", actor=people.operator2,
                           reason="checking the KTP photo")


def test_an_operator_cannot_handle_their_own_data_request(people):
    request = data_deletion_request(user=people.operator, note="delete me")
    with pytest.raises(PermissionDenied):
        data_request_refuse(request=request, actor=people.operator, note="no")
    role_grant(user=people.operator2, role="operator")
    assert data_request_refuse(request=request, actor=people.operator2, note="retention applies").status != "open"
