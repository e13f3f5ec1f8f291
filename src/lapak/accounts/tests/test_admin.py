import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.test", "correct horse battery", full_name="Root")
    client.force_login(admin)
    return client


def test_admin_user_pages_render(operator_client, make_user):
    user = make_user()
    assert operator_client.get("/admin/accounts/user/").status_code == 200
    assert operator_client.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200
    assert operator_client.get("/admin/accounts/user/add/").status_code == 200


def test_admin_never_shows_token_hashes(operator_client, make_user, bearer):
    user = make_user()
    bearer(user)
    token = user.api_tokens.get()
    page = operator_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.token_hash not in page
    assert operator_client.get("/admin/accounts/apitoken/add/").status_code == 403
