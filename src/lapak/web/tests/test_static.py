"""Static assets: htmx is vendored as recorded, and no template loads anything from another site."""

import hashlib
import re
from pathlib import Path

import lapak

SRC = Path(lapak.__file__).resolve().parent
VENDOR = SRC / "web" / "static" / "lapak" / "vendor"


def test_htmx_is_the_vendored_file_recorded_in_vendored_md():
    record = (VENDOR / "VENDORED.md").read_text()
    row = next(line for line in record.splitlines() if line.startswith("| `htmx.min.js`"))
    recorded_hash = re.search(r"`([0-9a-f]{64})`", row).group(1)
    assert hashlib.sha256((VENDOR / "htmx.min.js").read_bytes()).hexdigest() == recorded_hash
    assert "| 2." in row and "0BSD" in row


def test_no_template_or_stylesheet_loads_from_a_cdn_or_another_site():
    files = [*SRC.rglob("templates/**/*.html"), *SRC.rglob("templates/**/*.txt"), *SRC.rglob("static/**/*.css")]
    assert files
    offenders = []
    for path in files:
        text = path.read_text()
        # src/href/url() pointing off-site, and the well-known CDNs by name.
        for pattern in (
            r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""",
            r"""url\(\s*["']?(?:https?:)?//""",
            r"unpkg\.com|jsdelivr|cdnjs|googleapis|gstatic|cloudflare|bootstrapcdn",
        ):
            if re.search(pattern, text, re.I):
                offenders.append(f"{path.relative_to(SRC)}: {pattern}")
    assert offenders == []
