"""The creator studio's lives, /studio/live/: my lives and the schedule form; one live's run page (start, end,
cancel; pin and unpin products with htmx; the chat with hide buttons; the viewer count, live).

Only the live's host sees its run page (anyone else: 404). A refused start shows the compliance reasons in both
languages. The services decide everything; these views map their errors onto forms.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapak.core.errors import LapakError
from lapak.social.forms_live import EndForm, LiveScheduleForm, PinForm
from lapak.social.live_events import pin_card
from lapak.social.models import LiveSession
from lapak.social.selectors.live import chat_page, creator_of, live_get, live_pins_shown, lives_of_host
from lapak.social.services.live import LiveRefused, live_cancel, live_end, live_schedule, live_start
from lapak.social.services.live_chat import chat_hide
from lapak.social.services.live_pins import live_pin, live_unpin


def studio_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


def _own(request: HttpRequest, live_id: str) -> LiveSession:
    live = live_get(live_id=live_id)
    if live is None or live.creator.account != request.user.public_id:
        raise Http404(_("There is no such live."))
    return live


def _list(request: HttpRequest, form: LiveScheduleForm, status: int = 200) -> HttpResponse:
    creator = creator_of(account=request.user.public_id)
    return render(request, "social/studio_live/list.html", {
        "creator": creator, "can_host": creator is not None and creator.phone_verified_at is not None,
        "lives": lives_of_host(account=request.user.public_id), "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@studio_page
def studio_lives(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _list(request, LiveScheduleForm())
    form = LiveScheduleForm(request.POST)
    if form.is_valid():
        try:
            live = live_schedule(actor=request.user.public_id, **form.cleaned_data)
        except LapakError as error:
            form.add_service_error(error)
            return _list(request, form, status=error.status)
        messages.success(request, _("Your live is scheduled."))
        return redirect("social_studio_live:run", live.public_id)
    return _list(request, form, status=422)


def _run(request: HttpRequest, live: LiveSession, *, status: int = 200, pin_form: PinForm | None = None,
         end_form: EndForm | None = None, refusal: LiveRefused | None = None) -> HttpResponse:
    chat = chat_page(live=live, limit=100, with_hidden=True)
    return render(request, "social/studio_live/run.html", {
        "live": live, "pins": [pin_card(live.public_id, p) for p in live_pins_shown(live=live)],
        "pin_form": pin_form or PinForm(), "end_form": end_form or EndForm(), "chat": chat,
        "last_id": chat[-1].pk if chat else 0, "refusal": refusal.reasons if refusal else None}, status=status)


@require_safe
@studio_page
def studio_live_run(request: HttpRequest, live_id: str) -> HttpResponse:
    return _run(request, _own(request, live_id))


def _back(live: LiveSession) -> HttpResponse:
    return redirect(reverse("social_studio_live:run", args=[live.public_id]))


@require_POST
@studio_page
def studio_live_start(request: HttpRequest, live_id: str) -> HttpResponse:
    live = _own(request, live_id)
    try:
        live_start(actor=request.user.public_id, live_id=live.public_id)
    except LiveRefused as refused:
        return _run(request, _own(request, live_id), status=403, refusal=refused)
    except LapakError as error:
        messages.error(request, str(error.message))
        return _back(live)
    messages.success(request, _("You are live."))
    return _back(live)


@require_POST
@studio_page
def studio_live_end(request: HttpRequest, live_id: str) -> HttpResponse:
    live = _own(request, live_id)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            live_end(actor=request.user.public_id, live_id=live.public_id, replay_url=form.cleaned_data["replay_url"])
        except LapakError as error:
            form.add_service_error(error)
            return _run(request, _own(request, live_id), status=error.status, end_form=form)
        messages.success(request, _("The live has ended; its replay is open."))
        return _back(live)
    return _run(request, live, status=422, end_form=form)


@require_POST
@studio_page
def studio_live_cancel(request: HttpRequest, live_id: str) -> HttpResponse:
    live = _own(request, live_id)
    try:
        live_cancel(actor=request.user.public_id, live_id=live.public_id)
    except LapakError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The live is cancelled."))
    return _back(live)


def _pins_answer(request: HttpRequest, live: LiveSession, form: PinForm, status: int = 200) -> HttpResponse:
    if request.htmx:
        return render(request, "social/studio_live/_pins.html", {
            "live": live, "pins": [pin_card(live.public_id, p) for p in live_pins_shown(live=live)],
            "pin_form": form}, status=status)
    if status >= 400:
        return _run(request, live, status=status, pin_form=form)
    return _back(live)


@require_POST
@studio_page
def studio_live_pin(request: HttpRequest, live_id: str) -> HttpResponse:
    live = _own(request, live_id)
    form = PinForm(request.POST)
    if not form.is_valid():
        return _pins_answer(request, live, form, status=422)
    try:
        live_pin(actor=request.user.public_id, live_id=live.public_id, product_id=form.cleaned_data["product_id"])
    except LapakError as error:
        form.add_service_error(error)
        return _pins_answer(request, live, form, status=error.status)
    return _pins_answer(request, live, PinForm())


@require_POST
@studio_page
def studio_live_unpin(request: HttpRequest, live_id: str) -> HttpResponse:
    live = _own(request, live_id)
    form = PinForm(request.POST)
    if form.is_valid():
        try:
            live_unpin(actor=request.user.public_id, live_id=live.public_id,
                       product_id=form.cleaned_data["product_id"])
        except LapakError as error:
            messages.error(request, str(error.message))
    return _pins_answer(request, live, PinForm())


@require_POST
@studio_page
def studio_live_hide(request: HttpRequest, live_id: str, message_id: int) -> HttpResponse:
    live = _own(request, live_id)
    try:
        chat_hide(actor=request.user.public_id, live_id=live.public_id, message_id=message_id)
    except LapakError as error:
        if request.htmx:  # the button's place shows why, not "Hidden"
            return HttpResponse(format_html('<span class="badge badge--danger" role="alert">{}</span>', error.message))
        messages.error(request, str(error.message))
        return _back(live)
    if request.htmx:
        return HttpResponse(format_html('<span class="badge badge--warn">{}</span>', _("Hidden")))
    return _back(live)
