package dev.ownership.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * One migration the benchmark runs both ways. The naive side is the hand-written sequence of the seed
 * migration (Alembic task #115): add the column nullable, one UPDATE, SET NOT NULL, ADD FOREIGN KEY ... ON
 * DELETE CASCADE, CREATE INDEX.
 */
enum Scenario {
    /** Seed 1 as written: a new column, every existing video gets the default owner. */
    DEFAULT_OWNER("default owner, new column", "default-owner.yaml", false,
            "UPDATE videos SET user_id = ? WHERE user_id IS NULL", Workload.Shape.PLAIN),
    /** Seed 1's spec: each video gets its list's owner, the default owner where the list has none. */
    FROM_PARENT("owner from the parent list, new column", "from-parent.yaml", false,
            Scenario.FROM_LIST, Workload.Shape.PLAIN),
    /**
     * Seed 2's situation: the column is already there (nullable, every row NULL) and the application already
     * names the owner of new rows; the engine cannot use the constant-default shortcut and backfills in batches.
     */
    EXISTING_COLUMN("default owner, column already there (all NULL)", "default-owner.yaml", true,
            "UPDATE videos SET user_id = ? WHERE user_id IS NULL", Workload.Shape.PLAIN),
    /** FROM_PARENT on a table range-partitioned by month: the engine walks it leaf by leaf. */
    PARTITIONED("owner from the parent list, 12 monthly partitions", "from-parent.yaml", false,
            Scenario.FROM_LIST, Workload.Shape.PARTITIONED),
    /** FROM_PARENT on a table whose only key is composite: keyset batches compare row values. */
    COMPOSITE_KEY("owner from the parent list, composite primary key", "from-parent.yaml", false,
            Scenario.FROM_LIST, Workload.Shape.COMPOSITE),
    /**
     * FROM_PARENT on a server with a streaming replica; the engine's runners throttle on its lag (the naive
     * UPDATE cannot), and the report says whether the lag stayed under the limit during the backfill.
     */
    REPLICA("owner from the parent list, new column, streaming replica, maxReplicaLag 1s", "from-parent.yaml", false,
            Scenario.FROM_LIST, Workload.Shape.REPLICATED, Optional.of(Duration.ofSeconds(1)));

    private static final String FROM_LIST = "UPDATE videos AS v SET user_id = COALESCE(l.user_id, ?)"
            + " FROM bookmarks_lists AS l WHERE l.id = v.list_id AND v.user_id IS NULL";

    final String label;
    final String specResource;
    /** The owner column exists before the migration, and the application writes it for new rows. */
    final boolean columnExists;
    /** The naive backfill; its one parameter is the default owner's id. */
    final String naiveUpdate;
    final Workload.Shape shape;
    /** The engine's execution.maxReplicaLag in this scenario. */
    final Optional<Duration> maxReplicaLag;

    Scenario(String label, String specResource, boolean columnExists, String naiveUpdate, Workload.Shape shape) {
        this(label, specResource, columnExists, naiveUpdate, shape, Optional.empty());
    }

    Scenario(String label, String specResource, boolean columnExists, String naiveUpdate, Workload.Shape shape,
             Optional<Duration> maxReplicaLag) {
        this.label = label;
        this.specResource = specResource;
        this.columnExists = columnExists;
        this.naiveUpdate = naiveUpdate;
        this.shape = shape;
        this.maxReplicaLag = maxReplicaLag;
    }

    /** The scenario's own engine settings, as the inside of a YAML flow mapping (empty: none). */
    String engineExecution() {
        return maxReplicaLag.map(d -> "maxReplicaLag: " + d.toMillis() + "ms").orElse("");
    }

    /** Whether each video gets its list's owner (else the default owner). */
    boolean fromParent() {
        return naiveUpdate.equals(FROM_LIST);
    }
}
