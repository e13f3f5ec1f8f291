"""The creator studio: home (/studio/), the profile and onboarding, the phone check, the showcase."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapak.core.errors import LapakError
from lapak.social.forms_creators import CreatorProfileForm, PhoneCodeForm, ShowcaseAddForm
from lapak.social.models import Creator, Follow, Post
from lapak.social.selectors.creators import creator_of_account, showcase_of
from lapak.social.services import creators as services
from lapak.social.services import showcase as showcase_services
from lapak.social.views_feed import price_label


def _creator(request: HttpRequest) -> Creator | None:
    return creator_of_account(request.user.public_id)


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    creator = _creator(request)
    context: dict = {"creator": creator}
    if creator is not None:
        context["published"] = Post.objects.filter(creator=creator, status=Post.Status.PUBLISHED).count()
        context["following_count"] = Follow.objects.filter(follower=request.user.public_id).count()
    return render(request, "social/studio/home.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    creator = _creator(request)
    editing = creator is not None
    if request.method == "POST":
        form = CreatorProfileForm(request.POST, editing=editing)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if creator is None:
                    creator = services.creator_create(user=request.user, **data)
                else:
                    creator = services.creator_update(creator=creator, user=request.user, **data)
            except LapakError as error:
                form.add_service_error(error)
            else:
                if creator.phone_verified_at is None:
                    return redirect("social_studio:phone")
                messages.success(request, _("Your profile is saved."))
                return redirect("social_studio:home")
        return render(request, "social/studio/profile.html", {"form": form, "creator": creator}, status=422)
    initial = ({"display_name": creator.display_name, "bio": creator.bio, "phone": creator.phone,
                "seller_org": creator.seller_org} if creator else {"display_name": request.user.full_name})
    return render(request, "social/studio/profile.html",
                  {"form": CreatorProfileForm(initial=initial, editing=editing), "creator": creator})


@require_http_methods(["GET", "POST"])
@login_required
def phone(request: HttpRequest) -> HttpResponse:
    creator = _creator(request)
    if creator is None:
        return redirect("social_studio:profile")
    form = PhoneCodeForm()
    status = 200
    if request.method == "POST":
        form = PhoneCodeForm(request.POST)
        form.is_valid()  # the service checks the code; the form only carries it and shows the errors
        try:
            if request.POST.get("action") == "send":
                services.phone_code_send(creator=creator)
                messages.info(request, _("We sent a 6-digit code to your phone. It expires in 10 minutes."))
                return redirect("social_studio:phone")
            services.phone_code_verify(creator=creator, user=request.user, code=form.cleaned_data.get("code", ""))
        except LapakError as error:
            form.add_service_error(error)
            status = error.status
        else:
            messages.success(request, _("Your phone number is verified. Welcome, creator!"))
            return redirect("social_studio:home")
    return render(request, "social/studio/phone.html", {"form": form, "creator": creator}, status=status)


def _showcase_page(request: HttpRequest, creator: Creator, form: ShowcaseAddForm, status: int = 200) -> HttpResponse:
    items = showcase_of(creator)
    for item in items:
        item.price_label = price_label(item.price_min, item.price_max)
    return render(request, "social/studio/showcase.html", {"creator": creator, "items": items, "form": form},
                  status=status)


def _verified_creator(request: HttpRequest) -> Creator | None:
    creator = _creator(request)
    return creator if creator is not None and creator.phone_verified_at is not None else None


@require_http_methods(["GET", "POST"])
@login_required
def showcase(request: HttpRequest) -> HttpResponse:
    creator = _verified_creator(request)
    if creator is None:
        return redirect("social_studio:home")
    if request.method == "POST":
        form = ShowcaseAddForm(request.POST)
        form.is_valid()
        try:
            item = showcase_services.showcase_add(creator=creator, product_id=form.cleaned_data.get("product_id", ""))
        except LapakError as error:
            form.add_service_error(error)
            return _showcase_page(request, creator, form, status=error.status)
        messages.success(request, _("%(title)s is in your showcase.") % {"title": item.title})
        return redirect("social_studio:showcase")
    return _showcase_page(request, creator, ShowcaseAddForm())


@require_POST
@login_required
def showcase_change(request: HttpRequest, product_id: str) -> HttpResponse:
    creator = _verified_creator(request)
    if creator is None:
        return redirect("social_studio:home")
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            showcase_services.showcase_remove(creator=creator, product_id=product_id)
            messages.success(request, _("The product is no longer in your showcase."))
        elif action in {"up", "down"}:
            showcase_services.showcase_move(creator=creator, product_id=product_id, offset=-1 if action == "up" else 1)
    except LapakError as error:
        messages.error(request, str(error.message))
    return redirect("social_studio:showcase")
