"""The automatic checks at submission: missing data, hard failures (automatic rejection), review flags."""

from __future__ import annotations

import pytest

from lapak.core.errors import ValidationFailed
from lapak.market.sellers.errors import DuplicateIdentity
from lapak.market.sellers.models import (
    ApplicationStatus,
    BankAccountStatus,
    IdentityClaim,
    OrganisationStatus,
    SellerApplication,
)
from lapak.market.sellers.reasons import FOREIGN_MERCHANT_ITEMS
from lapak.market.sellers.selectors import application_missing_items
from lapak.market.sellers.services import (
    application_draft_save,
    application_submit,
    consent_withdraw,
    seller_apply,
)
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN


def flag_codes(application):
    return [flag["code"] for flag in application.review_flags]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nik", "code"),
    [("317101120590", "nik_length"), ("31710112059000A1", "nik_characters"), ("9971011205900001", "nik_province"),
     ("3171013213900001", "nik_date"), ("3171011205900000", "nik_serial")],
)
def test_a_malformed_nik_is_refused_when_saved_and_the_message_does_not_quote_it(build, people, nik, code):
    application = build.individual()
    with pytest.raises(ValidationFailed) as caught:
        application_draft_save(application=application, actor=people.owner, data={"nik": nik})
    messages = [str(m) for m in caught.value.fields["nik"]]
    assert messages and all(nik not in m for m in messages)
    application.refresh_from_db()
    assert application.nik_masked == "3171••••••••0001"  # the earlier, valid NIK is untouched


@pytest.mark.django_db
def test_a_nik_that_contradicts_the_declared_birth_date_and_sex_is_flagged_not_refused(build, people):
    application = build.individual(nik=NIK_WOMAN, sex="M")  # the NIK says: a woman
    application_draft_save(application=application, actor=people.owner, data={"birth_date": "1991-05-12"})
    application = application_submit(application=application, actor=people.owner)
    assert application.status == ApplicationStatus.SUBMITTED
    assert {"birth_date_mismatch", "sex_mismatch"} <= set(flag_codes(application))
    flag = next(f for f in application.review_flags if f["code"] == "sex_mismatch")
    assert flag["message_en"] and flag["message_id"] and flag["rule_id"] == "ID-SEL-2"


@pytest.mark.django_db
def test_a_nik_backing_another_seller_is_a_duplicate_and_nothing_is_written(build, people, make_user):
    build.submitted()
    other = make_user(email="other@example.test")
    application = build.individual(owner=other, shop="Toko Lain")
    with pytest.raises(DuplicateIdentity) as caught:
        application_submit(application=application, actor=other)
    assert caught.value.code == "identity_already_registered"
    assert [str(m) for m in caught.value.fields["nik"]] == [
        "This identity number is already registered to another seller."
    ]
    assert NIK_MAN not in str(caught.value) and NIK_MAN not in str(caught.value.as_body())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.transitions.count() == 0
    assert IdentityClaim.objects.filter(kind="nik").count() == 1


@pytest.mark.django_db
def test_after_a_rejection_the_same_nik_may_apply_again(build, people, make_user):
    from lapak.market.sellers.services import application_decide

    first = build.in_review()
    application_decide(application=first, actor=people.operator, decision="rejected", reason_codes=["other"],
                       note="Wrong shop")
    other = make_user(email="other@example.test")
    second = application_submit(application=build.individual(owner=other, shop="Toko Baru"), actor=other)
    assert second.status == ApplicationStatus.SUBMITTED


@pytest.mark.django_db
def test_an_mlm_company_in_indonesia_is_rejected_automatically_with_the_rule(build, people):
    application = build.business(seller_type="mlm")
    application = application_submit(application=application, actor=people.owner)
    assert application.status == ApplicationStatus.REJECTED
    steps = list(application.transitions.values_list("from_status", "to_status", "actor_kind"))
    assert steps == [("draft", "submitted", "applicant"), ("submitted", "rejected", "system")]
    reason = application.transitions.last().reasons[0]
    assert (reason["code"], reason["rule_id"]) == ("mlm_not_allowed", "ID-SEL-5")
    assert not IdentityClaim.objects.exists()
    application.organisation.refresh_from_db()
    assert application.organisation.status == OrganisationStatus.REJECTED


@pytest.mark.django_db
def test_an_mlm_company_outside_indonesia_is_checked_like_any_business(build, people):
    application = application_submit(application=build.business(seller_type="mlm", jurisdiction="GB"),
                                     actor=people.owner)
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.django_db
def test_a_complete_foreign_merchant_is_submitted(build, people):
    application = application_submit(application=build.foreign(), actor=people.owner)
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("missing", sorted(FOREIGN_MERCHANT_ITEMS))
def test_a_foreign_merchant_missing_any_xb3_item_is_rejected_naming_it(build, people, missing):
    application = build.foreign(skip={missing})
    assert missing in application_missing_items(application=application)
    application = application_submit(application=application, actor=people.owner)
    assert application.status == ApplicationStatus.REJECTED
    reasons = application.transitions.last().reasons
    assert [(r["code"], r["rule_id"], r["part"]) for r in reasons] == [
        (f"foreign_merchant_missing_{missing}", "ID-XB-3", missing)
    ]
    words_id, words_en = FOREIGN_MERCHANT_ITEMS[missing]
    assert words_en in reasons[0]["message_en"] and words_id in reasons[0]["message_id"]


@pytest.mark.django_db
def test_a_foreign_merchant_missing_everything_gets_every_item_named(build, people):
    application = build.foreign(skip=set(FOREIGN_MERCHANT_ITEMS))
    application = application_submit(application=application, actor=people.owner)
    assert len(application.transitions.last().reasons) == len(FOREIGN_MERCHANT_ITEMS)


@pytest.mark.django_db
def test_a_holder_name_mismatch_is_a_review_flag_and_the_account_needs_review(build, people):
    application = application_submit(application=build.individual(holder="SITI RAHAYU"), actor=people.owner)
    assert application.status == ApplicationStatus.SUBMITTED
    assert "bank_holder_mismatch" in flag_codes(application)
    account = application.bank_account
    account.refresh_from_db()
    assert (account.status, account.holder_matched) == (BankAccountStatus.NEEDS_REVIEW, False)


@pytest.mark.django_db
def test_a_matching_holder_name_raises_no_flag(build, people):
    application = application_submit(application=build.individual(holder="BUDI SANTOSO"), actor=people.owner)
    assert "bank_holder_mismatch" not in flag_codes(application)
    account = application.bank_account
    account.refresh_from_db()
    assert account.holder_matched is True


@pytest.mark.django_db
def test_an_account_shared_with_another_seller_is_flagged(build, people, make_user):
    build.submitted(account="5555666677")
    other = make_user(email="other@example.test")
    application = build.individual(owner=other, shop="Toko Dua", nik=NIK_WOMAN, sex="F", account="5555666677")
    application = application_submit(application=application, actor=other)
    assert "bank_account_shared" in flag_codes(application)


@pytest.mark.django_db
def test_a_first_party_seller_in_indonesia_is_flagged_for_review(build, people):
    application = application_submit(application=build.business(seller_type="first_party"), actor=people.owner)
    assert application.status == ApplicationStatus.SUBMITTED
    assert "first_party_in_id" in flag_codes(application)


@pytest.mark.django_db
def test_a_business_number_with_a_bad_check_digit_is_refused_when_saved(build, people):
    application = build.business()
    with pytest.raises(ValidationFailed) as caught:
        application_draft_save(application=application, actor=people.owner, data={"npwp": "01.312.166.1-091.000"})
    assert "npwp" in caught.value.fields


@pytest.mark.django_db
def test_an_incomplete_application_is_not_submitted_and_names_each_missing_field(build, people):
    build.consent(people.owner)
    application = seller_apply(actor=people.owner, seller_type="individual", shop_name="Toko Kosong")
    application = application_draft_save(application=application, actor=people.owner,
                           data={"full_name": "Budi Santoso", "id_document_kind": "ktp"})
    with pytest.raises(ValidationFailed) as caught:
        application_submit(application=application, actor=people.owner)
    assert set(caught.value.fields) == {"nik", "ktp_photo", "birth_date", "sex", "selfie", "phone", "address_line",
                                        "bank_account"}
    assert set(application_missing_items(application=application)) == set(caught.value.fields)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_without_consent_nothing_is_processed(build, people):
    from lapak.core.audit.models import AuditEvent

    application = build.individual()
    consent_withdraw(user=people.owner, purpose="payout_processing")
    decrypts = AuditEvent.objects.filter(action="identity.decrypt").count()
    with pytest.raises(ValidationFailed) as caught:
        application_submit(application=application, actor=people.owner)
    assert set(caught.value.fields) == {"consent"}
    assert AuditEvent.objects.filter(action="identity.decrypt").count() == decrypts


@pytest.mark.django_db
def test_drafts_can_be_resumed_with_partial_data(build, people):
    application = seller_apply(actor=people.owner, seller_type="business", shop_name="Toko Setengah")
    application_draft_save(application=application, actor=people.owner, data={"company_name": "PT Setengah"})
    application_draft_save(application=application, actor=people.owner, data={"nib": "9120001234567"})
    resumed = SellerApplication.objects.get(pk=application.pk)
    assert (resumed.company_name, resumed.nib_masked, resumed.status) == ("PT Setengah", "912•••••••567", "draft")
    application_draft_save(application=application, actor=people.owner, data={"nib": ""})
    resumed.refresh_from_db()
    assert (resumed.nib_masked, resumed.nib_encrypted, resumed.nib_hash) == ("", None, "")


@pytest.mark.django_db
def test_unknown_draft_fields_and_other_sellers_are_refused(build, people):
    from lapak.core.errors import NotFound

    application = build.individual()
    with pytest.raises(ValidationFailed):
        application_draft_save(application=application, actor=people.owner, data={"status": "verified"})
    with pytest.raises(NotFound):
        application_draft_save(application=application, actor=people.stranger, data={"full_name": "X"})
