"""Names for the codes the compliance figures group by: events, outcomes, rules, appeal statuses."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.compliance.selectors_oversight import rule_titles, switch_feature_name

EVENTS: dict[str, str | Promise] = {
    "seller.verify": _("Seller verification"), "listing.publish": _("Listing publication"),
    "checkout.place": _("Order placement"), "content.publish": _("Content publication"),
    "escrow.release": _("Escrow release"), "payout.release": _("Payout release"),
}
OUTCOMES: dict[str, str | Promise] = {
    "allow": _("Allow"), "review": _("Review"), "deny": _("Deny"), "n/a": _("Did not apply"),
}
APPEAL_STATUSES: dict[str, str | Promise] = {
    "open": _("Open"), "upheld": _("Decision upheld"), "overturned": _("Decision overturned"),
}
KINDS: dict[str, str | Promise] = {"override": _("Override by an operator"), "appeal": _("Appeal by a seller")}
SWITCH_PREFIX = "SWITCH:"


def month_label(month: object) -> str:
    return f"{month:%Y-%m}"


def label(names: dict[str, str | Promise], code: str) -> str:
    return str(names.get(code, code))


def override_label(status: str) -> str:
    before, _sep, after = status.partition("_to_")
    return f"{label(OUTCOMES, before)} → {label(OUTCOMES, after)}"


class RuleNames:
    """Rule id -> its title in the active language, read once per figure."""

    def __init__(self, jurisdiction: str) -> None:
        self.titles = rule_titles(jurisdiction=jurisdiction)
        self.english = (translation.get_language() or "id").startswith("en")

    def __call__(self, rule_id: str) -> str:
        if rule_id in self.titles:
            title_id, title_en = self.titles[rule_id]
            return title_en if self.english else title_id
        if rule_id.startswith(SWITCH_PREFIX):
            feature = switch_feature_name(rule_id.removeprefix(SWITCH_PREFIX))
            return str(_("Kill switch: %(feature)s") % {"feature": feature})
        if rule_id == "NO-PACK":
            return str(_("No rule pack for the jurisdiction"))
        return rule_id
