package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The seed's hand-written migration, statement for statement: add the column nullable, fill it with one
 * UPDATE, SET NOT NULL, ADD FOREIGN KEY ... ON DELETE CASCADE, CREATE INDEX. No lock_timeout, and, as Alembic
 * runs a migration on PostgreSQL, all of it in one transaction (transactional DDL), so every lock taken is held
 * until the final COMMIT.
 */
final class NaiveMigration implements Migration {
    static final String APPLICATION_NAME = "naive-migration";

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public Outcome run(TestDatabase db, Workload workload, Scenario scenario) {
        Timeline timeline = new Timeline();
        long started = System.nanoTime();
        Optional<String> failure = Optional.empty();
        long updated = 0;
        try (Connection c = AppWriter.connect(db, APPLICATION_NAME)) {
            c.setAutoCommit(false);
            try {
                if (!scenario.columnExists) {
                    step(c, timeline, "add-column", "ALTER TABLE videos ADD COLUMN user_id uuid");
                }
                timeline.start("update");
                try (PreparedStatement ps = c.prepareStatement(scenario.naiveUpdate)) {
                    // the migration looks the default owner up first, as the seed's script does
                    ps.setObject(1, defaultOwner(c));
                    updated = ps.executeUpdate();
                }
                timeline.finish(updated);
                step(c, timeline, "set-not-null", "ALTER TABLE videos ALTER COLUMN user_id SET NOT NULL");
                step(c, timeline, "add-foreign-key", "ALTER TABLE videos ADD CONSTRAINT fk_videos_user_id"
                        + " FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE");
                step(c, timeline, "create-index", "CREATE INDEX idx_videos_user_id ON videos (user_id)");
                timeline.start("commit");
                c.commit();
                timeline.finish(0);
            } catch (SQLException e) {
                timeline.finish(0);
                failure = Optional.of("SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
                c.rollback();
            }
        } catch (SQLException e) {
            failure = Optional.of("SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
        }
        long ended = System.nanoTime();
        List<Phase> phases = timeline.phases();
        long updateNanos = phases.stream().filter(p -> p.name().equals("update"))
                .mapToLong(p -> p.endNanos() - p.startNanos()).sum();
        return new Outcome(started, ended, phases, updated, updateNanos, failure, List.of());
    }

    private static Object defaultOwner(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE email = ? LIMIT 1")) {
            ps.setString(1, Workload.DEFAULT_OWNER_EMAIL);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("Default owner not found", "P0002");
                }
                return rs.getObject(1);
            }
        }
    }

    private static void step(Connection c, Timeline timeline, String name, String sql) throws SQLException {
        timeline.start(name);
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
        timeline.finish(0);
    }
}
