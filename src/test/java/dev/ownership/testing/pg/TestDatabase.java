package dev.ownership.testing.pg;

import dev.ownership.engine.DatabaseConnector;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** One fresh database of the shared test server, with helpers to run SQL and read results. */
public record TestDatabase(String name, String jdbcUrl, int serverVersion) {

    public DatabaseConnector connector() {
        return new DatabaseConnector(jdbcUrl, Optional.of("postgres"), Optional.empty());
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    /** Runs SQL (several statements allowed) in autocommit. */
    public void sql(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
        }
    }

    /** Rows as lists of text values. */
    public List<List<String>> rows(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
        }
    }

    public String value(String sql) {
        List<List<String>> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    public long count(String sql) {
        return Long.parseLong(value(sql));
    }

    /** Returns once some session waits for a lock matching {@code condition} on pg_locks; fails after 30 s. */
    public void awaitLockWaiter(String condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count("SELECT count(*) FROM pg_locks WHERE NOT granted AND " + condition) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no session waits for a lock where " + condition);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
