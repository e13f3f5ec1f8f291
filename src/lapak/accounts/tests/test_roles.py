import pytest

from lapak.accounts.services import role_grant
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_privileged_grants_are_audited_once(make_user):
    user = make_user()
    role_grant(user=user, role="regulator", jurisdiction="ID", actor="usr_operator")
    role_grant(user=user, role="regulator", jurisdiction="ID", actor="usr_operator")
    event = AuditEvent.objects.get(action="account.role_grant")
    assert (event.subject_id, event.actor, event.jurisdiction) == (user.public_id, "usr_operator", "ID")
    assert event.after == {"role": "regulator", "jurisdiction": "ID"}


def test_ordinary_roles_are_not_audited(make_user):
    role_grant(user=make_user(), role="creator")
    assert not AuditEvent.objects.exists()


def test_regulator_without_jurisdiction_is_refused_and_nothing_written(make_user):
    user = make_user()
    with pytest.raises(ValidationFailed) as error:
        role_grant(user=user, role="regulator")
    assert "jurisdiction" in error.value.fields
    assert not user.role_grants.filter(role="regulator").exists()
    assert not AuditEvent.objects.exists()
