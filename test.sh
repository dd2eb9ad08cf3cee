#!/usr/bin/env bash
# Installs what the tests need (when missing), checks formatting, builds with warnings as
# errors and runs every test. Works on a fresh machine that has only the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

# Real tools, from Debian: the tests run ffmpeg/ffprobe, rclone (serve sftp/webdav on loopback)
# and libass with a known font; sqlite3 is for poking at databases; PostgreSQL is for cluster mode;
# mergerfs and fuse3 (fusermount3) for the union view specs (rclone mount under mergerfs);
# chromium for the dashboard spec (Playwright drives /usr/bin/chromium, never a download).
need_apt=()
command -v ffmpeg >/dev/null || need_apt+=(ffmpeg)
command -v ffprobe >/dev/null || need_apt+=(ffmpeg)
command -v rclone >/dev/null || need_apt+=(rclone)
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
command -v mergerfs >/dev/null || need_apt+=(mergerfs)
command -v fusermount3 >/dev/null || need_apt+=(fuse3)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rsync >/dev/null || need_apt+=(rsync) # the rsync ingress module's spec runs a real daemon
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need_apt+=(postgresql)
if ((${#need_apt[@]})); then
  log "installing ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need_apt[*]}; run: sudo apt-get update && sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
fi

log "format check (csharpier)"
dotnet tool restore >/dev/null
dotnet csharpier check .

log "build"
dotnet build Actors.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

log "postgresql (a private cluster for this run)"
# Its own state directory: test runs of other worktrees on this machine neither reuse nor stop
# it. Stopped at exit, also on failure or Ctrl-C; --owner-pid stops it even if this script is
# SIGKILLed. Without SLUICE_TEST_POSTGRES the test fixture would start one per test process.
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/sluice-test-postgres.XXXXXX")"
stop_postgres() {
  scripts/postgres.sh stop --dir "$pg_dir" || true
  rm -rf "$pg_dir"
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
scripts/postgres.sh start --dir "$pg_dir" --owner-pid $$
SLUICE_TEST_POSTGRES="$(scripts/postgres.sh url --dir "$pg_dir")"
export SLUICE_TEST_POSTGRES

log "test"
dotnet test Actors.sln -c Release --no-build --nologo "$@"
