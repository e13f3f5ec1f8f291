"""Authentication backends that load a signed-in user's role grants in the same query as the user.

Every signed-in page needs the roles (the navigation, the permission checks); reading them with the user row
saves a query on each request. `user_roles` uses the loaded list, a snapshot as of the request's start, as
any read at that moment would be.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.db.models import JSONField, OuterRef, Subquery

from lapak.accounts.models import RoleGrant, User
from lapak.core.json_rows import JSONArrayAgg


def with_roles(users: object) -> object:
    """The queryset with `role_list` (a JSON array of role names, or None) on each user."""
    roles = (RoleGrant.objects.filter(user=OuterRef("pk")).order_by().values("user")
             .annotate(names=JSONArrayAgg("role")).values("names"))
    return users.annotate(role_list=Subquery(roles, output_field=JSONField()))


class _RolesWithUser:
    def get_user(self, user_id: object) -> User | None:
        user = with_roles(User._default_manager.all()).filter(pk=user_id).first()
        # As ModelBackend.user_can_authenticate: an inactive account has no session.
        return user if user is not None and user.is_active else None


class LapakAxesBackend(_RolesWithUser, AxesStandaloneBackend):
    """django-axes' lock-out check (it must come first); sessions it started load roles too."""


class LapakModelBackend(_RolesWithUser, ModelBackend):
    """Email and password, as Django's ModelBackend."""
