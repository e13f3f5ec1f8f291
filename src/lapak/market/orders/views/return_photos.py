"""A return's photo, served from private storage to the order's buyer, the shop's members and operators only;
anyone else, signed in or not, gets 404, exactly as for a missing photo."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from lapak.market.orders.errors import ReturnNotFound
from lapak.market.orders.returns.selectors import return_photo_for


@require_safe
def return_photo(request: HttpRequest, photo_id: str) -> HttpResponse:
    try:
        photo = return_photo_for(viewer=request.user, public_id=photo_id)
    except ReturnNotFound as exc:
        raise Http404(str(exc.message)) from exc
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # the row outlived its file
        raise Http404() from exc
    response = FileResponse(handle, content_type="image/jpeg")
    # Pictures of someone's parcel and home: the browser may keep them, no shared cache may.
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="{photo.public_id}.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Referrer-Policy"] = "no-referrer"
    return response
