using Sluice.Store.Schema;

namespace Sluice.Store.Postgres;

/// <summary>
/// The PostgreSQL twin of the SQLite schema: same tables and columns, times as bigint Unix
/// milliseconds so one code path reads both, and a sequence for fencing tokens. Never edit a
/// shipped migration: add the next one (in both dialects).
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(
            1,
            "engine",
            """
            CREATE TABLE item (
                item_id      text PRIMARY KEY,
                source_key   text NOT NULL UNIQUE,
                state        text NOT NULL,
                version      integer NOT NULL,
                name         text NOT NULL,
                library_path text NULL,
                pinned       integer NOT NULL DEFAULT 0,
                data         text NOT NULL,
                created_at   bigint NOT NULL,
                updated_at   bigint NOT NULL
            );
            CREATE UNIQUE INDEX item_library_path ON item(library_path) WHERE library_path IS NOT NULL;
            CREATE INDEX item_state ON item(state, updated_at);

            CREATE TABLE item_event (
                item_id     text NOT NULL REFERENCES item(item_id),
                seq         integer NOT NULL,
                type        text NOT NULL,
                payload     text NOT NULL,
                job_id      bigint NULL,
                lease_token bigint NULL,
                node        text NULL,
                attempt     integer NULL,
                at          bigint NOT NULL,
                PRIMARY KEY (item_id, seq)
            );

            CREATE TABLE job (
                job_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                item_id          text NOT NULL REFERENCES item(item_id),
                step             text NOT NULL,
                queue            text NOT NULL,
                required_role    text NOT NULL,
                required_node    text NULL,
                state            text NOT NULL,
                priority         integer NOT NULL DEFAULT 0,
                run_at           bigint NOT NULL,
                attempt          integer NOT NULL DEFAULT 0,
                max_attempts     integer NOT NULL,
                lease_owner      text NULL,
                lease_token      bigint NULL,
                lease_expires_at bigint NULL,
                heartbeat_at     bigint NULL,
                progress         text NULL,
                last_error       text NULL,
                created_at       bigint NOT NULL,
                updated_at       bigint NOT NULL
            );
            -- At most one live entity per item: the sharding guarantee.
            CREATE UNIQUE INDEX one_active_job_per_item ON job(item_id)
                WHERE state IN ('available', 'running', 'retryable');
            CREATE INDEX job_claim ON job(queue, state, run_at);
            CREATE INDEX job_lease ON job(state, lease_expires_at);

            CREATE TABLE queue_limit (
                queue       text PRIMARY KEY,
                max_running integer NULL,
                paused      integer NOT NULL DEFAULT 0
            );

            CREATE TABLE node (
                name         text PRIMARY KEY,
                instance     text NOT NULL,
                host         text NOT NULL,
                pid          integer NOT NULL,
                roles        text NOT NULL,
                draining     integer NOT NULL DEFAULT 0,
                started_at   bigint NOT NULL,
                heartbeat_at bigint NOT NULL
            );

            CREATE TABLE outbox (
                item_id     text NOT NULL REFERENCES item(item_id),
                channel     text NOT NULL,
                created_at  bigint NOT NULL,
                sent_at     bigint NULL,
                sending_at  bigint NULL,
                unconfirmed integer NOT NULL DEFAULT 0,
                attempts    integer NOT NULL DEFAULT 0,
                last_error  text NULL,
                PRIMARY KEY (item_id, channel)
            );

            CREATE SEQUENCE lease_token_seq;
            """
        ),
        new(
            2,
            "metadata cache",
            """
            CREATE TABLE metadata_cache (
                provider   text NOT NULL,
                key        text NOT NULL,
                value      text NULL,
                fetched_at bigint NOT NULL,
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
            ALTER TABLE item ADD COLUMN last_access_at bigint NULL;
            """
        ),
        new(
            4,
            "destination state",
            """
            CREATE TABLE destination_state (
                destination  text PRIMARY KEY,
                paused_until bigint NULL,
                pause_reason text NULL,
                usage_day    text NULL,
                usage_bytes  bigint NOT NULL DEFAULT 0,
                updated_at   bigint NOT NULL
            );
            """
        ),
        new(
            5,
            "journal feed",
            """
            -- A live event stream reads the journal in (tx, pos) order, and only below the
            -- oldest transaction still running: identity values are handed out before commit,
            -- so a plain "pos > last" would skip an event whose transaction commits late.
            -- Every transaction below that horizon has ended, so nothing can appear behind it.
            ALTER TABLE item_event ADD COLUMN pos bigint GENERATED ALWAYS AS IDENTITY;
            ALTER TABLE item_event ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
            CREATE INDEX item_event_feed ON item_event(tx, pos);
            CREATE INDEX item_event_at ON item_event(at);
            """
        ),
        new(
            6,
            "notify channels",
            """
            -- One row per notification channel, shared by the cluster: the order its messages go
            -- out in, which job is sending on it now, and how it has been failing.
            CREATE TABLE notify_channel (
                channel           text PRIMARY KEY,
                -- The last outbox.seq handed out: messages go out in the order items reached notify.
                last_seq          bigint NOT NULL DEFAULT 0,
                -- The one job sending on this channel, by lease: held while that job runs under that token.
                sender_job        bigint NULL,
                sender_token      bigint NULL,
                -- Consecutive failed requests; backing off until retry_at; quarantined until released.
                failures          integer NOT NULL DEFAULT 0,
                retry_at          bigint NULL,
                quarantined_at    bigint NULL,
                quarantine_reason text NULL,
                last_error        text NULL,
                updated_at        bigint NOT NULL
            );
            ALTER TABLE outbox ADD COLUMN seq bigint NOT NULL DEFAULT 0;
            -- 0: a media server's library refresh, which goes before the item's messages (1).
            ALTER TABLE outbox ADD COLUMN phase integer NOT NULL DEFAULT 1;
            -- The send (one message for a coalesced burst) this row went out in.
            ALTER TABLE outbox ADD COLUMN batch text NULL;
            -- The server refused the message itself: the item fails until retried.
            ALTER TABLE outbox ADD COLUMN rejected text NULL;
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
                op_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tool             text NOT NULL,
                folder           text NOT NULL,
                summary          text NOT NULL,
                plan             text NOT NULL,
                steps_total      bigint NOT NULL,
                steps_done       bigint NOT NULL DEFAULT 0,
                state            text NOT NULL,
                lane             text NOT NULL DEFAULT 'library',
                required_role    text NOT NULL,
                -- The node whose library folder the plan was made from: local steps run there.
                required_node    text NULL,
                attempt          bigint NOT NULL DEFAULT 0,
                lease_owner      text NULL,
                lease_token      bigint NULL,
                lease_expires_at bigint NULL,
                heartbeat_at     bigint NULL,
                last_error       text NULL,
                created_by       text NOT NULL,
                created_at       bigint NOT NULL,
                updated_at       bigint NOT NULL,
                finished_at      bigint NULL
            );
            -- One operation changes the library at a time: two could move the same files.
            CREATE UNIQUE INDEX one_running_library_op ON library_op(lane) WHERE state = 'running';

            -- A show that moved: sanitize sends its later episodes to the new folder.
            CREATE TABLE library_redirect (
                from_folder text PRIMARY KEY,
                to_folder   text NOT NULL,
                op_id       bigint NULL,
                created_at  bigint NOT NULL
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
                node         text NOT NULL,
                name         text NOT NULL,
                kind         text NOT NULL,
                path         text NOT NULL,
                state        text NOT NULL,
                pid          integer NULL,
                restarts     integer NOT NULL,
                since        bigint NOT NULL,
                last_error   text NULL,
                next_attempt bigint NULL,
                updated_at   bigint NOT NULL,
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
                channel    text NOT NULL,
                source     text NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (channel, source)
            );
            -- Who is mentioned in a show's announcements: show is a title, "anilist:ID" or
            -- "list:anilist:USER"; mention is "user:ID" or "role:ID"; channel '' means every Discord channel.
            CREATE TABLE notify_subscription (
                show       text NOT NULL,
                mention    text NOT NULL,
                channel    text NOT NULL DEFAULT '',
                created_at bigint NOT NULL,
                PRIMARY KEY (show, mention, channel)
            );
            -- The last good copy of each watch list a filter or subscription names, shared by the
            -- cluster (a restart does not ask the list's service again), and its last failure.
            CREATE TABLE notify_list (
                source     text PRIMARY KEY,
                entries    text NULL,
                fetched_at bigint NULL,
                tried_at   bigint NOT NULL,
                error      text NULL
            );
            -- Not announced on this channel because the item matched none of its filters (sent_at set too).
            ALTER TABLE outbox ADD COLUMN filtered text NULL;
            """
        ),
    ];
}
