using Sluice.Store.Schema;

namespace Sluice.Store.Sqlite;

/// <summary>
/// The SQLite schema. Times are integer milliseconds since the Unix epoch (UTC) in both
/// dialects, so one code path reads them. Never edit a shipped migration: add the next one.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(
            1,
            "engine",
            """
            CREATE TABLE item (
                item_id      TEXT PRIMARY KEY,
                source_key   TEXT NOT NULL UNIQUE,
                state        TEXT NOT NULL,
                version      INTEGER NOT NULL,
                name         TEXT NOT NULL,
                library_path TEXT NULL,
                pinned       INTEGER NOT NULL DEFAULT 0,
                data         TEXT NOT NULL,
                created_at   INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX item_library_path ON item(library_path) WHERE library_path IS NOT NULL;
            CREATE INDEX item_state ON item(state, updated_at);

            CREATE TABLE item_event (
                item_id     TEXT NOT NULL REFERENCES item(item_id),
                seq         INTEGER NOT NULL,
                type        TEXT NOT NULL,
                payload     TEXT NOT NULL,
                job_id      INTEGER NULL,
                lease_token INTEGER NULL,
                node        TEXT NULL,
                attempt     INTEGER NULL,
                at          INTEGER NOT NULL,
                PRIMARY KEY (item_id, seq)
            );

            CREATE TABLE job (
                job_id           INTEGER PRIMARY KEY AUTOINCREMENT,
                item_id          TEXT NOT NULL REFERENCES item(item_id),
                step             TEXT NOT NULL,
                queue            TEXT NOT NULL,
                required_role    TEXT NOT NULL,
                required_node    TEXT NULL,
                state            TEXT NOT NULL,
                priority         INTEGER NOT NULL DEFAULT 0,
                run_at           INTEGER NOT NULL,
                attempt          INTEGER NOT NULL DEFAULT 0,
                max_attempts     INTEGER NOT NULL,
                lease_owner      TEXT NULL,
                lease_token      INTEGER NULL,
                lease_expires_at INTEGER NULL,
                heartbeat_at     INTEGER NULL,
                progress         TEXT NULL,
                last_error       TEXT NULL,
                created_at       INTEGER NOT NULL,
                updated_at       INTEGER NOT NULL
            );
            -- At most one live entity per item: the sharding guarantee.
            CREATE UNIQUE INDEX one_active_job_per_item ON job(item_id)
                WHERE state IN ('available', 'running', 'retryable');
            CREATE INDEX job_claim ON job(queue, state, run_at);
            CREATE INDEX job_lease ON job(state, lease_expires_at);

            CREATE TABLE queue_limit (
                queue       TEXT PRIMARY KEY,
                max_running INTEGER NULL,
                paused      INTEGER NOT NULL DEFAULT 0
            );

            CREATE TABLE node (
                name         TEXT PRIMARY KEY,
                instance     TEXT NOT NULL,
                host         TEXT NOT NULL,
                pid          INTEGER NOT NULL,
                roles        TEXT NOT NULL,
                draining     INTEGER NOT NULL DEFAULT 0,
                started_at   INTEGER NOT NULL,
                heartbeat_at INTEGER NOT NULL
            );

            CREATE TABLE outbox (
                item_id    TEXT NOT NULL REFERENCES item(item_id),
                channel    TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                sent_at    INTEGER NULL,
                -- Set while a send is in flight. Found set by a later attempt, it means the node
                -- died mid-send: the message may have gone out, so it is not sent again.
                sending_at INTEGER NULL,
                unconfirmed INTEGER NOT NULL DEFAULT 0,
                attempts   INTEGER NOT NULL DEFAULT 0,
                last_error TEXT NULL,
                PRIMARY KEY (item_id, channel)
            );

            CREATE TABLE counter (
                name  TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            );
            INSERT INTO counter(name, value) VALUES ('lease_token', 0);
            """
        ),
        new(
            2,
            "metadata cache",
            """
            CREATE TABLE metadata_cache (
                provider   TEXT NOT NULL,
                key        TEXT NOT NULL,
                value      TEXT NULL,
                fetched_at INTEGER NOT NULL,
                PRIMARY KEY (provider, key)
            );
            """
        ),
        new(
            3,
            "access record",
            """
            -- When Sluice itself last read an item's files (encode reading the source, a user's
            -- touch): tiering's LRU clock where the volume keeps no atime.
            ALTER TABLE item ADD COLUMN last_access_at INTEGER NULL;
            """
        ),
        new(
            4,
            "destination state",
            """
            CREATE TABLE destination_state (
                destination  TEXT PRIMARY KEY,
                paused_until INTEGER NULL,
                pause_reason TEXT NULL,
                usage_day    TEXT NULL,
                usage_bytes  INTEGER NOT NULL DEFAULT 0,
                updated_at   INTEGER NOT NULL
            );
            """
        ),
        new(
            5,
            "journal feed",
            """
            -- A position across every item's journal, in commit order (writers take turns on
            -- the one write lock), so a live event stream can resume after the last event it
            -- sent. Filled by a trigger, so the journal's INSERT stays the same in both dialects.
            ALTER TABLE item_event ADD COLUMN pos INTEGER NULL;
            UPDATE item_event SET pos = rowid;
            CREATE UNIQUE INDEX item_event_pos ON item_event(pos);
            CREATE INDEX item_event_at ON item_event(at);
            CREATE TRIGGER item_event_pos AFTER INSERT ON item_event
            FOR EACH ROW WHEN NEW.pos IS NULL
            BEGIN
                UPDATE item_event SET pos = (SELECT COALESCE(MAX(pos), 0) + 1 FROM item_event)
                WHERE rowid = NEW.rowid;
            END;
            """
        ),
        new(
            6,
            "notify channels",
            """
            -- One row per notification channel, shared by the cluster: the order its messages go
            -- out in, which job is sending on it now, and how it has been failing.
            CREATE TABLE notify_channel (
                channel           TEXT PRIMARY KEY,
                -- The last outbox.seq handed out: messages go out in the order items reached notify.
                last_seq          INTEGER NOT NULL DEFAULT 0,
                -- The one job sending on this channel, by lease: held while that job runs under that token.
                sender_job        INTEGER NULL,
                sender_token      INTEGER NULL,
                -- Consecutive failed requests; backing off until retry_at; quarantined until released.
                failures          INTEGER NOT NULL DEFAULT 0,
                retry_at          INTEGER NULL,
                quarantined_at    INTEGER NULL,
                quarantine_reason TEXT NULL,
                last_error        TEXT NULL,
                updated_at        INTEGER NOT NULL
            );
            ALTER TABLE outbox ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
            -- 0: a media server's library refresh, which goes before the item's messages (1).
            ALTER TABLE outbox ADD COLUMN phase INTEGER NOT NULL DEFAULT 1;
            -- The send (one message for a coalesced burst) this row went out in.
            ALTER TABLE outbox ADD COLUMN batch TEXT NULL;
            -- The server refused the message itself: the item fails until retried.
            ALTER TABLE outbox ADD COLUMN rejected TEXT NULL;
            CREATE INDEX outbox_waiting ON outbox(channel, seq) WHERE sent_at IS NULL;
            """
        ),
        new(
            7,
            "library operations",
            """
            -- A library tool's apply (move a show, season, rename, rmdir, delete): the plan it
            -- computed, how far it got, and the lease of the node carrying it out. A step is
            -- done once steps_done passes it; every step is idempotent, so a resumed operation
            -- starts again at steps_done.
            CREATE TABLE library_op (
                op_id            INTEGER PRIMARY KEY AUTOINCREMENT,
                tool             TEXT NOT NULL,
                folder           TEXT NOT NULL,
                summary          TEXT NOT NULL,
                plan             TEXT NOT NULL,
                steps_total      INTEGER NOT NULL,
                steps_done       INTEGER NOT NULL DEFAULT 0,
                state            TEXT NOT NULL,
                lane             TEXT NOT NULL DEFAULT 'library',
                required_role    TEXT NOT NULL,
                -- The node whose library folder the plan was made from: local steps run there.
                required_node    TEXT NULL,
                attempt          INTEGER NOT NULL DEFAULT 0,
                lease_owner      TEXT NULL,
                lease_token      INTEGER NULL,
                lease_expires_at INTEGER NULL,
                heartbeat_at     INTEGER NULL,
                last_error       TEXT NULL,
                created_by       TEXT NOT NULL,
                created_at       INTEGER NOT NULL,
                updated_at       INTEGER NOT NULL,
                finished_at      INTEGER NULL
            );
            -- One operation changes the library at a time: two could move the same files.
            CREATE UNIQUE INDEX one_running_library_op ON library_op(lane) WHERE state = 'running';

            -- A show that moved: sanitize sends its later episodes to the new folder.
            CREATE TABLE library_redirect (
                from_folder TEXT PRIMARY KEY,
                to_folder   TEXT NOT NULL,
                op_id       INTEGER NULL,
                created_at  INTEGER NOT NULL
            );
            """
        ),
        new(
            8,
            "node mounts",
            """
            -- The FUSE mounts each node supervises (Mounts), as that node last published them, so
            -- any node can show the cluster's mounts. Only the owning node writes its rows.
            CREATE TABLE node_mount (
                node         TEXT NOT NULL,
                name         TEXT NOT NULL,
                kind         TEXT NOT NULL,
                path         TEXT NOT NULL,
                state        TEXT NOT NULL,
                pid          INTEGER NULL,
                restarts     INTEGER NOT NULL,
                since        INTEGER NOT NULL,
                last_error   TEXT NULL,
                next_attempt INTEGER NULL,
                updated_at   INTEGER NOT NULL,
                PRIMARY KEY (node, name)
            );
            """
        ),
        new(
            9,
            "notify filters and subscriptions",
            """
            -- What ctl adds to the configuration's announcement filters: a channel announces only
            -- items matching one of its sources ("anilist:USER", "mal:USER", "term:WORDS", "regex:PATTERN").
            CREATE TABLE notify_filter (
                channel    TEXT NOT NULL,
                source     TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (channel, source)
            );
            -- Who is mentioned in a show's announcements: show is a title, "anilist:ID" or
            -- "list:anilist:USER"; mention is "user:ID" or "role:ID"; channel '' means every Discord channel.
            CREATE TABLE notify_subscription (
                show       TEXT NOT NULL,
                mention    TEXT NOT NULL,
                channel    TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                PRIMARY KEY (show, mention, channel)
            );
            -- The last good copy of each watch list a filter or subscription names, shared by the
            -- cluster (a restart does not ask the list's service again), and its last failure.
            CREATE TABLE notify_list (
                source     TEXT PRIMARY KEY,
                entries    TEXT NULL,
                fetched_at INTEGER NULL,
                tried_at   INTEGER NOT NULL,
                error      TEXT NULL
            );
            -- Not announced on this channel because the item matched none of its filters (sent_at set too).
            ALTER TABLE outbox ADD COLUMN filtered TEXT NULL;
            """
        ),
    ];
}
