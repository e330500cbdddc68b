package dev.ownership.engine.step;

import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.catalog.Catalog;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds the executor puts on the migrator's session. */
@Tag("db")
class LockingExecutorTest {

    /**
     * The engine's catalog reads, ledger writes and counts share the session with the steps: a statement_timeout
     * left from a catalog change would cancel the next long one (the backfill's count of rows to fill).
     */
    @Test
    void aWholeStatementBoundEndsWithTheStatement() throws Exception {
        TestDatabase db = Fixtures.seed2();
        try (Connection c = db.connect()) {
            LockingExecutor executor = new LockingExecutor(c, new Catalog(c), 0, MigrationListener.NONE);

            executor.execute(LockWait.wholeStatement(Duration.ofMillis(100)), List.of(),
                    "COMMENT ON TABLE album_media IS 'catalog only'");

            assertThat(value(c, "SHOW statement_timeout")).isEqualTo("0");
            assertThat(value(c, "SHOW lock_timeout")).isEqualTo("100ms");
            assertThat(value(c, "SELECT pg_sleep(0.3)::text")).isEmpty();
        }
    }

    private static String value(Connection c, String sql) throws Exception {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
