"""Writes on the buyers' address book: add, change, delete an address, choose the default.

Every write takes the owner's user row as a lock first (`select_for_update`; SQLite serialises writers), so
two requests changing the default at once queue up and exactly one address stays default; the partial
unique constraint `accounts_address_one_default` backs that up in the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Address, User
from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.core.phone import phone_check
from lapak.regions.models import Region, RegionLevel
from lapak.regions.selectors import ancestors_of, region_by_code

MAX_ADDRESSES = 20  # per user; a buyer needs a handful, and a bound keeps lists and pickers small
FIELDS = ("label", "recipient_name", "phone", "region_code", "street", "postcode")
_LENGTHS = {"label": 40, "recipient_name": 100, "street": 200}
_REQUIRED = {
    "label": _("Give the address a label, such as Rumah or Kantor."),
    "recipient_name": _("Enter the recipient's name."),
    "street": _("Enter the street, house number and any landmark."),
}


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _clean(data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """The values to store, from the fields present (all of FIELDS unless partial); every problem reported."""
    errors: dict[str, list] = {}
    values: dict[str, Any] = {}
    present = [name for name in FIELDS if not partial or name in data]
    for name in present:
        if name in ("phone", "region_code", "postcode"):
            continue
        text = _text(data, name)
        if not text:
            errors[name] = [_REQUIRED[name]]
        elif len(text) > _LENGTHS[name]:
            errors[name] = [_("At most %(count)d characters.") % {"count": _LENGTHS[name]}]
        elif "\x00" in text:
            errors[name] = [_("The text holds a character that is not allowed.")]
        else:
            values[name] = text
    if "phone" in present:
        check = phone_check(_text(data, "phone")[:40])
        if check.e164 is None:
            errors["phone"] = [check.errors[0].message]
        else:
            values["phone"] = check.e164
    village: Region | None = None
    if "region_code" in present:
        village = region_by_code(_text(data, "region_code")[:20])
        if village is None or village.level != RegionLevel.VILLAGE:
            errors["region_code"] = [_("Choose a village (kelurahan/desa) from the list.")]
            village = None
        else:
            values["village"] = village
    if "postcode" in present or village is not None:
        postcode = _text(data, "postcode")
        if not postcode and village is not None and village.postcode:
            postcode = village.postcode  # the village's own, when the buyer left it blank
        if not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
            errors["postcode"] = [_("A postcode has five digits.")]
        elif village is not None and village.postcode and postcode != village.postcode:
            errors["postcode"] = [_("This postcode is not the village's postcode (%(postcode)s).")
                                  % {"postcode": village.postcode}]
        else:
            values["postcode"] = postcode
    if errors:
        raise ValidationFailed(fields=errors)
    return values


def _place(village: Region) -> dict[str, Region]:
    """The district, regency and province above a village, read from the tree (so they always nest)."""
    above = {region.level: region for region in ancestors_of(village)}
    return {"district": above[RegionLevel.DISTRICT], "regency": above[RegionLevel.REGENCY],
            "province": above[RegionLevel.PROVINCE]}


def _lock_owner(user: User) -> None:
    User.objects.select_for_update().filter(pk=user.pk).first()


def _require_owner(address: Address, actor: User) -> None:
    if actor is None or address.user_id != getattr(actor, "pk", None):
        raise NotFound(_("There is no such address."), code="address_not_found")


def address_create(*, user: User, data: Mapping[str, Any], make_default: bool = False) -> Address:
    """Add an address to the user's book. Guarantees: a village-level region with the province, regency and
    district above it; a 5-digit postcode that is the village's when it has one; a +62 mobile number; at most
    MAX_ADDRESSES per user; the first address, or one asked to be, is the only default. All or nothing."""
    values = _clean(data, partial=False)
    values.update(_place(values["village"]))
    with transaction.atomic():
        _lock_owner(user)
        count = Address.objects.filter(user=user).count()
        if count >= MAX_ADDRESSES:
            raise Conflict(_("You can keep up to %(count)d addresses. Delete one first.") % {"count": MAX_ADDRESSES},
                           code="address_book_full")
        default = make_default or count == 0
        if default:
            Address.objects.filter(user=user, is_default=True).update(is_default=False)
        return Address.objects.create(user=user, is_default=default, **values)


def address_update(*, address: Address, actor: User, data: Mapping[str, Any]) -> Address:
    """Change the fields present in `data` of the actor's own address (another user's is NotFound). The same
    checks as address_create; a new village brings its district, regency and province along."""
    _require_owner(address, actor)
    values = _clean(data, partial=True)
    if "village" not in values and "postcode" in values:
        village = address.village
        if village.postcode and values["postcode"] != village.postcode:
            raise ValidationFailed(fields={"postcode": [
                _("This postcode is not the village's postcode (%(postcode)s).") % {"postcode": village.postcode}]})
    if "village" in values:
        values.update(_place(values["village"]))
    with transaction.atomic():
        _lock_owner(actor)
        locked = Address.objects.filter(pk=address.pk, user=actor).first()
        if locked is None:
            raise NotFound(_("There is no such address."), code="address_not_found")
        for name, value in values.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.save()
        return locked


def address_delete(*, address: Address, actor: User) -> None:
    """Delete the actor's own address. If it was the default, the most recently added other one becomes the
    default, so a user with addresses always has exactly one."""
    _require_owner(address, actor)
    with transaction.atomic():
        _lock_owner(actor)
        locked = Address.objects.filter(pk=address.pk, user=actor).first()
        if locked is None:
            raise NotFound(_("There is no such address."), code="address_not_found")
        locked.delete()
        if locked.is_default:
            successor = Address.objects.filter(user=actor).order_by("-created_at", "-pk").first()
            if successor is not None:
                Address.objects.filter(pk=successor.pk).update(is_default=True)


def address_set_default(*, address: Address, actor: User) -> Address:
    """Make the actor's own address the default; every other address of theirs stops being one."""
    _require_owner(address, actor)
    with transaction.atomic():
        _lock_owner(actor)
        locked = Address.objects.filter(pk=address.pk, user=actor).first()
        if locked is None:
            raise NotFound(_("There is no such address."), code="address_not_found")
        Address.objects.filter(user=actor, is_default=True).exclude(pk=locked.pk).update(is_default=False)
        if not locked.is_default:
            locked.is_default = True
            locked.save(update_fields=["is_default"])
        return locked
