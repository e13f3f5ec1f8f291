"""Operator back office for accounts. API token secrets are never stored, so never shown."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import ApiToken, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    fields = ("role", "jurisdiction", "granted_at")
    readonly_fields = ("granted_at",)


class AdminUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = AdminUserCreationForm
    form = AdminUserChangeForm
    ordering = ("email",)
    list_display = ("email", "full_name", "public_id", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "role_grants__role")
    search_fields = ("email", "full_name", "public_id")
    readonly_fields = ("public_id", "date_joined", "last_login")
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("public_id", "email", "password")}),
        (_("Profile"), {"fields": ("full_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("display_prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__email", "public_id", "display_prefix")
    readonly_fields = ("public_id", "user", "token_hash", "display_prefix", "created_at", "last_used_at")
    fields = ("public_id", "user", "name", "display_prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    exclude = ("token_hash",)

    def has_add_permission(self, request: object) -> bool:
        return False  # tokens are issued through the API, which shows the secret once
