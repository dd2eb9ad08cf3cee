#!/bin/sh
# Hand a file to a running node through the submission API (POST /api/items), as a script
# would: a file already in the node's incoming folder or library, or DESTINATION:PATH of a file
# that is only in a vault destination. The same as `sluice ctl submit SOURCE --stage STAGE --json`.
#   SLUICE_TOKEN=… deploy/ingress/submit.sh "gdrive:Shows/Frieren/Season 01/Frieren - S01E07.mkv" encode
#   deploy/ingress/submit.sh /srv/sluice/incoming/Movie.2019.1080p.mkv
# Answers 201 with the new item, 200 with the item that already had this source (submitting
# twice is harmless), or 4xx with {"error": "…"} (curl --fail-with-body then exits 22).
# Needs curl and jq (to put the path into JSON safely, whatever characters it holds).
set -eu
source=$1
stage=${2:-}
node=${SLUICE_NODE:-http://127.0.0.1:5480}
body=$(jq -n --arg source "$source" --arg stage "$stage" \
    '{source: $source} + (if $stage == "" then {} else {stage: $stage} end)')
set -- --silent --show-error --fail-with-body -H 'Content-Type: application/json' --data "$body"
if [ -n "${SLUICE_TOKEN:-}" ]; then
    # The header comes on stdin, so the token never shows in `ps`.
    printf 'Authorization: Bearer %s\n' "$SLUICE_TOKEN" | curl "$@" -H @- "$node/api/items"
else
    curl "$@" "$node/api/items"
fi
