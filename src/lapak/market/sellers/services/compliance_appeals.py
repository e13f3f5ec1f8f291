"""A shop appeals a compliance decision about it: the membership check is here (market knowledge), the appeal
itself is compliance's (`decision_appeal`, which takes the party id checked here)."""

from __future__ import annotations

from lapak.compliance.decision_services import decision_appeal
from lapak.compliance.models import Appeal
from lapak.compliance.selectors import decision_for_party
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, actor_label, require_member


def shop_decision_appeal(*, organisation: SellerOrganisation, actor: object, decision_id: str, text: str) -> Appeal:
    """File the shop's one appeal against one of its decisions.

    Guarantees: only the shop's owner or a manager (staff: PermissionDenied; anyone else, including an operator
    who is not a member: NotFound, as for another shop's decision); then `decision_appeal`'s guarantees: a deny
    or review not overridden, one appeal per decision (409 also when racing), a text of 1 to 2,000 characters.
    """
    require_member(organisation, actor, EDITORS)
    decision = decision_for_party(party=organisation.public_id, public_id=decision_id)
    return decision_appeal(decision=decision, party=organisation.public_id, text=text, filed_by=actor_label(actor))
