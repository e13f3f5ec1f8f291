"""The catalogue's typed errors; each maps to the one API error shape through its base class."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict


class ListingTransitionNotAllowed(Conflict):
    code = "listing_transition_not_allowed"
    default_message = _("This listing cannot take that step from its current state; reload it and try again.")


class ListingNotEditable(Conflict):
    code = "listing_not_editable"
    default_message = _("This listing cannot be changed in its current state.")
