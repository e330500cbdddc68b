-- The migrator's own ledger, in its own schema of the target database (Flyway's default schema).

-- One invocation of apply or revert.
CREATE TABLE run (
    id          bigserial PRIMARY KEY,
    migration   text        NOT NULL,
    action      text        NOT NULL,
    plan_hash   text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    outcome     text,
    message     text
);

-- One owner column the migrator works on, with what existed before it touched the table: revert undoes
-- only what the migrator created.
CREATE TABLE target (
    id                   bigserial PRIMARY KEY,
    table_schema         text        NOT NULL,
    table_name           text        NOT NULL,
    column_name          text        NOT NULL,
    column_existed       boolean     NOT NULL,
    column_was_not_null  boolean     NOT NULL,
    foreign_key_existed  boolean     NOT NULL,
    index_existed        boolean     NOT NULL,
    foreign_key_name     text        NOT NULL,
    index_name           text        NOT NULL,
    first_run            bigint      NOT NULL REFERENCES run (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (table_schema, table_name, column_name)
);

-- Each step a run took or skipped, with its timing, lock waits and retries.
CREATE TABLE step (
    id           bigserial PRIMARY KEY,
    run_id       bigint      NOT NULL REFERENCES run (id),
    target       text        NOT NULL,
    step         text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    outcome      text,
    rows         bigint      NOT NULL DEFAULT 0,
    retries      integer     NOT NULL DEFAULT 0,
    lock_wait_ms bigint      NOT NULL DEFAULT 0,
    message      text
);
CREATE INDEX step_run_idx ON step (run_id);

-- Backfill position, committed in the same transaction as each batch: a restart resumes exactly there.
CREATE TABLE backfill_checkpoint (
    target_id  bigint      PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE,
    upper_key  text,
    last_key   text,
    rows_done  bigint      NOT NULL DEFAULT 0,
    rows_total bigint      NOT NULL DEFAULT 0,
    batches    bigint      NOT NULL DEFAULT 0,
    completed  boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Keys of rows the migrator filled in a column that existed before, so revert can empty exactly those.
-- No foreign key to target: checking it for every filled row cost a third of the backfill (bench/README.md);
-- Ledger.forgetTarget deletes a target's keys itself.
CREATE TABLE filled_key (
    target_id bigint NOT NULL,
    key       text   NOT NULL
);
CREATE INDEX filled_key_target_idx ON filled_key (target_id);
