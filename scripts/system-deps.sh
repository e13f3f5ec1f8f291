#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only those that are missing.
# Usage: scripts/system-deps.sh [postgres] [chromium] [redis] [gettext] [ffmpeg]   (no arguments: all of them)
set -euo pipefail

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(postgres chromium redis gettext ffmpeg)

missing=()
for item in "${wanted[@]}"; do
  case "$item" in
    postgres) ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib) ;;
    chromium)
      command -v chromium >/dev/null 2>&1 || missing+=(chromium)
      [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core) ;;
    redis) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    gettext) command -v msgfmt >/dev/null 2>&1 || missing+=(gettext) ;;
    ffmpeg) command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg) ;;
    *) echo "system-deps: unknown item '$item'" >&2; exit 2 ;;
  esac
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
