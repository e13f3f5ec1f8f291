"""Fails when a user-facing string has no Bahasa Indonesia translation.

Runs `makemessages` on a temporary copy of the source (so the working tree is not touched) and reads the
resulting Indonesian catalogue: every message must be translated and none may be fuzzy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lapak-i18n-") as tmp:
        copy = Path(tmp) / "lapak"
        shutil.copytree(ROOT / "src" / "lapak", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        env = {**os.environ, "DEBUG": "1", "LAPAK_VAR_DIR": tmp, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "id", "--ignore", "*/tests/*", "-v", "0"],
            cwd=copy, env=env, check=True,
        )
        with open(copy / "locale" / "id" / "LC_MESSAGES" / "django.po", "rb") as handle:
            catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not m.string or not all(m.string))]
    for message in missing:
        print(f"untranslated: {message!r}", file=sys.stderr)
    print(f"translations: {len(catalog) - len(missing)} of {len(catalog)} messages translated into Bahasa Indonesia")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
