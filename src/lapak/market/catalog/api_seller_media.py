"""`/api/v1/catalog/seller/{organisation_id}/products/{product_id}/images|certificates…`: a listing's pictures
and its SNI, BPOM and halal certificates. Owners and managers only (staff get 403; outsiders 404)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Status, UploadedFile

from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.catalog.api_common import WRITE_ERRORS, E, product_of
from lapak.market.catalog.api_schemas import CertificateIn
from lapak.market.catalog.api_schemas_public import CertificateOut, ImageOut, certificate_out, image_out
from lapak.market.catalog.services import certificate_remove, certificate_set, product_image_add, product_image_remove
from lapak.market.catalog.services.images import IMAGES_PER_PRODUCT
from lapak.market.sellers.api_common import required_file

router = Router(tags=["catalog: seller pictures and certificates"])

PRODUCT = "/seller/{organisation_id}/products/{product_id}"


@router.post(
    PRODUCT + "/images", response={201: ImageOut, 413: E, **WRITE_ERRORS},
    summary="Add a picture (owner or manager)",
    description=f"Multipart, the picture in the field `file`. Only JPEG, PNG or WebP content is accepted, "
                f"whatever the file is called; it is stored at most 1600 px on its long side without metadata, "
                f"with a 320 px thumbnail. At most {IMAGES_PER_PRODUCT} pictures per product; the first is the "
                "listing's thumbnail. This path takes bodies up to API_MAX_UPLOAD_BYTES and ignores "
                "`Idempotency-Key` (uploads are not stored for replay).",
)
def image_create(request: HttpRequest, organisation_id: str, product_id: str,
                 file: UploadedFile | None = File(None, description="The picture.")) -> Status[dict]:  # noqa: B008
    product = product_of(request, organisation_id, product_id)
    file = required_file(file)
    try:
        image = product_image_add(product=product, actor=request.auth, data=file.read())
    except ValidationFailed as exc:  # UploadRefused too
        # The service names its field "image"; in this API the client's multipart field is "file".
        fields = {("file" if name == "image" else name): messages for name, messages in exc.fields.items()}
        raise type(exc)(exc.message, code=exc.code, fields=fields or {"file": [exc.message]}) from None
    return Status(201, image_out(image))


@router.delete(PRODUCT + "/images/{image_id}", response={204: None, **WRITE_ERRORS},
               summary="Delete a picture and its files (owner or manager)")
def image_delete(request: HttpRequest, organisation_id: str, product_id: str, image_id: str) -> Status[None]:
    product = product_of(request, organisation_id, product_id)
    image = product.images.filter(public_id=image_id).first()
    if image is None:
        raise NotFound(_("There is no such picture."), code="image_not_found")
    image.product = product
    product_image_remove(image=image, actor=request.auth)
    return Status(204, None)


@router.put(
    PRODUCT + "/certificates/{kind}", response={200: CertificateOut, **WRITE_ERRORS},
    summary="Set the product's certificate of a kind (owner or manager)",
    description="`kind`: sni, bpom or halal; one per kind, replaced when set again. The number is checked "
                "against the kind's format (BPOM: MD/ML + 12 digits for food, NA… for cosmetics, …; halal: ID + "
                "digits; SNI: the certification body's number) and the expiry date must be in the future. On an "
                "active listing the compliance rules are asked again.",
)
def certificate_put(request: HttpRequest, organisation_id: str, product_id: str, kind: str,
                    payload: CertificateIn) -> dict:
    product = product_of(request, organisation_id, product_id)
    certificate = certificate_set(product=product, actor=request.auth, kind=kind, **payload.model_dump())
    return certificate_out(certificate)


@router.delete(PRODUCT + "/certificates/{kind}", response={204: None, **WRITE_ERRORS},
               summary="Remove the product's certificate of a kind (owner or manager)",
               description="On an active listing the compliance rules are asked again.")
def certificate_delete(request: HttpRequest, organisation_id: str, product_id: str, kind: str) -> Status[None]:
    product = product_of(request, organisation_id, product_id)
    certificate_remove(product=product, actor=request.auth, kind=kind)
    return Status(204, None)
