"""Adding a photo to a return after it was asked for: API clients send the request as JSON first and the
pictures one by one (the page form sends them all with the request, through return_request_open)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.core.ids import new_public_id
from lapak.market.orders import transitions as orders_table
from lapak.market.orders.errors import ReturnNotFound, ReturnStepNotAllowed
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import ReturnPhoto, ReturnRequest
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns import table
from lapak.market.orders.returns.services import PHOTO_MAX_SIDE
from lapak.market.orders.services.transitions import actor_name
from lapak.market.sellers.services.uploads import image_sanitise


def return_photo_add(*, return_request: ReturnRequest, buyer: object, data: bytes) -> ReturnPhoto:
    """Attach one picture of the problem to the buyer's return while the seller has not answered.

    Guarantees: another buyer's return is ReturnNotFound; the picture is decoded and re-encoded without
    metadata before anything is written (UploadRefused otherwise); only a return still waiting for the seller
    takes photos (ReturnStepNotAllowed), never more than 5 — both checked under the order's lock, so two
    uploads at once cannot make a sixth; the file is deleted again if the row does not commit."""
    if return_request.seller_order.order.buyer_id != getattr(buyer, "pk", None):
        raise ReturnNotFound()
    clean = image_sanitise(bytes(data), field="file", max_side=PHOTO_MAX_SIDE)
    row = ReturnPhoto(public_id=new_public_id("rph"), width=clean.width or 0, height=clean.height or 0)
    try:
        with transaction.atomic():
            order_for_update(return_request.seller_order.order_id).first()
            ret = ReturnRequest.objects.select_related("seller_order__order").get(pk=return_request.pk)
            if ret.status != R.REQUESTED:
                raise ReturnStepNotAllowed(source=ret.status, target=ret.status, actor_kind=orders_table.BUYER)
            if ret.photos.count() >= table.MAX_PHOTOS:
                raise ValidationFailed(fields={"file": [_("Add at most 5 photos.")]}, code="too_many_photos")
            row.return_request = ret
            row.image.save(f"{row.public_id}.jpg", ContentFile(clean.data), save=False)
            row.save()
            name = actor_name(buyer)
            audit_append(actor=name, action="order.return.photo_added", subject_type="return",
                         subject_id=ret.public_id, jurisdiction=ret.seller_order.order.jurisdiction,
                         after={"photo": row.public_id})
            return row
    except BaseException:
        if row.image.name:  # the row rolled back; do not leave its file behind
            row.image.storage.delete(row.image.name)
        raise
