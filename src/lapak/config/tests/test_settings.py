"""Settings come from the environment, with safe production defaults when DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def run_django(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SECURE_COOKIES"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    clean.update({"DJANGO_SETTINGS_MODULE": "lapak.config.settings", "PYTHONPATH": str(ROOT / "src"), **env})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=clean, capture_output=True, text=True, timeout=60, check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_django("print('started')", {"DEBUG": "0", "LAPAK_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_defaults_are_secure(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.ALLOWED_HOSTS, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    result = run_django(code, {"DEBUG": "0", "SECRET_KEY": "x" * 50, "LAPAK_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True [] True"


def test_database_url_selects_postgresql_and_derives_the_social_database(tmp_path):
    code = (
        "from django.conf import settings as s; d = s.DATABASES; "
        "print(d['default']['ENGINE'], d['default']['NAME'], d['social']['NAME'])"
    )
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/shop", "LAPAK_VAR_DIR": str(tmp_path)}
    result = run_django(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "shop", "shop_social"]


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_a_clear_error(tmp_path, value):
    result = run_django("print('started')", {"DEBUG": value, "LAPAK_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
