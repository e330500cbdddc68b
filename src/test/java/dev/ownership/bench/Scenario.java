package dev.ownership.bench;

/**
 * One migration the benchmark runs both ways. The naive side is the hand-written sequence of the seed
 * migration (Alembic task #115): add the column nullable, one UPDATE, SET NOT NULL, ADD FOREIGN KEY ... ON
 * DELETE CASCADE, CREATE INDEX.
 */
enum Scenario {
    /** Seed 1 as written: a new column, every existing video gets the default owner. */
    DEFAULT_OWNER("default owner, new column", "default-owner.yaml", false,
            "UPDATE videos SET user_id = ? WHERE user_id IS NULL"),
    /** Seed 1's spec: each video gets its list's owner, the default owner where the list has none. */
    FROM_PARENT("owner from the parent list, new column", "from-parent.yaml", false,
            "UPDATE videos AS v SET user_id = COALESCE(l.user_id, ?) FROM bookmarks_lists AS l"
                    + " WHERE l.id = v.list_id AND v.user_id IS NULL"),
    /**
     * Seed 2's situation: the column is already there (nullable, every row NULL) and the application already
     * names the owner of new rows; the engine cannot use the constant-default shortcut and backfills in batches.
     */
    EXISTING_COLUMN("default owner, column already there (all NULL)", "default-owner.yaml", true,
            "UPDATE videos SET user_id = ? WHERE user_id IS NULL");

    final String label;
    final String specResource;
    /** The owner column exists before the migration, and the application writes it for new rows. */
    final boolean columnExists;
    /** The naive backfill; its one parameter is the default owner's id. */
    final String naiveUpdate;

    Scenario(String label, String specResource, boolean columnExists, String naiveUpdate) {
        this.label = label;
        this.specResource = specResource;
        this.columnExists = columnExists;
        this.naiveUpdate = naiveUpdate;
    }
}
