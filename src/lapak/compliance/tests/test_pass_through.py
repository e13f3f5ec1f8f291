import pytest
from django.db import transaction

from lapak.compliance.models import Decision
from lapak.compliance.services import compliance_decide

pytestmark = pytest.mark.django_db


def ask(**overrides):
    params = {
        "event": "seller.verify",
        "jurisdiction": "ID",
        "subject_type": "seller",
        "subject_id": "sel_X",
        "facts": {"type": "individual"},
        "actor": "usr_op",
    }
    return compliance_decide(**{**params, **overrides})


def test_every_call_is_recorded_with_its_evidence():
    result = ask()
    assert result.allowed
    stored = Decision.objects.get(public_id=result.decision_id)
    assert (stored.event, stored.evidence, stored.rule_pack) == ("seller.verify", {"type": "individual"}, "none")


def test_a_decision_rolls_back_with_the_change_it_governs():
    with pytest.raises(RuntimeError), transaction.atomic():
        ask()
        raise RuntimeError("the regulated write failed")
    assert not Decision.objects.exists()


def test_unknown_events_are_a_programming_error():
    with pytest.raises(ValueError, match="Unknown regulated event"):
        ask(event="seller.dance")
