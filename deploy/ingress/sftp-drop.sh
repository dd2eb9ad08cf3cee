#!/bin/sh
# Upload files to the SFTP drop with rclone: each into partial/, then renamed into incoming/
# (rclone's moveto on one sftp remote is a server-side rename, so the node sees it appear whole).
#   rclone config create drop sftp host=HOST user=uploader key_file=~/.ssh/id_ed25519
#   deploy/ingress/sftp-drop.sh "Show - S01E01.mkv" "Movie (2019).mkv"
set -eu
remote=${SLUICE_DROP_REMOTE:-drop:}
for file in "$@"; do
    name=$(basename -- "$file")
    rclone copyto -- "$file" "${remote}partial/$name"
    rclone moveto -- "${remote}partial/$name" "${remote}incoming/$name"
    echo "dropped $name"
done
