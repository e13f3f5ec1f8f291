"""Operators: admin pages show masks only; a full number needs a reason and leaves two audit records."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import NotFound, PermissionDenied, ValidationFailed
from lapak.market.sellers.services import identity_reveal
from lapak.market.sellers.tests.conftest import NIK_MAN
from lapak.market.sellers.vault import registered_fields


@pytest.mark.django_db
def test_admin_lists_and_pages_show_masked_numbers_only(build, people, client):
    application = build.submitted()
    people.operator.is_staff = people.operator.is_superuser = True
    people.operator.save()
    client.force_login(people.operator)
    pages = [
        reverse("admin:sellers_sellerapplication_changelist"),
        reverse("admin:sellers_sellerapplication_change", args=[application.pk]),
        reverse("admin:sellers_bankaccount_changelist"),
        reverse("admin:sellers_sellerorganisation_changelist"),
        reverse("admin:sellers_datasubjectrequest_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert NIK_MAN not in body and "1234567890" not in body, url
    listing = client.get(pages[0]).content.decode()
    assert "3171••••••••0001" in listing
    assert not AuditEvent.objects.filter(action="identity.decrypt", actor=people.operator.public_id).exists()
    # Searching by an identity number finds nothing: there is nothing to search in.
    assert application.public_id not in client.get(pages[0], {"q": NIK_MAN}).content.decode()


@pytest.mark.django_db
def test_an_operator_sees_a_full_number_only_with_a_reason_and_it_is_logged(build, people):
    application = build.submitted()
    with pytest.raises(ValidationFailed):
        identity_reveal(application=application, field="nik", actor=people.operator, reason="   ")
    with pytest.raises(PermissionDenied):
        identity_reveal(application=application, field="nik", actor=people.owner, reason="curious")
    with pytest.raises(ValidationFailed):
        identity_reveal(application=application, field="full_name", actor=people.operator, reason="x")

    value = identity_reveal(application=application, field="nik", actor=people.operator,
                            reason="Compare with the KTP photo, digit 9 is unclear")
    assert value == NIK_MAN
    assert identity_reveal(application=application, field="bank_account_number", actor=people.operator,
                           reason="Holder check with the bank") == "1234567890"
    revealed = AuditEvent.objects.filter(action="seller.identity.revealed", actor=people.operator.public_id)
    assert [e.after for e in revealed.order_by("id")] == [
        {"field": "nik", "reason": "Compare with the KTP photo, digit 9 is unclear"},
        {"field": "bank_account_number", "reason": "Holder check with the bank"},
    ]
    reads = AuditEvent.objects.filter(action="identity.decrypt", actor=people.operator.public_id)
    assert [e.after["purpose"] for e in reads] == ["operator_review", "operator_review"]
    with pytest.raises(NotFound):
        identity_reveal(application=application, field="passport_number", actor=people.operator, reason="why not")


def test_every_encrypted_column_is_registered_for_key_rotation():
    registered = {(f.model, f.field_name) for f in registered_fields()}
    binary = {
        (model, field.name)
        for model in apps.get_app_config("sellers").get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.BinaryField) and field.name != "logo"  # the public logo is not personal data
    }
    assert binary and binary <= registered
