package dev.ownership.engine.ledger;

import dev.ownership.engine.DatabaseConnector;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Flyway's sessions, opened by the migrator's connector: Flyway never sees the credentials, and a failure to
 * connect reads like any other of the migrator's (Flyway's own message quotes the URL and the user).
 */
final class ConnectorDataSource implements DataSource {
    private final DatabaseConnector db;

    ConnectorDataSource(DatabaseConnector db) {
        this.db = db;
    }

    @Override
    public Connection getConnection() {
        return db.open();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the connector holds the credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // nothing is logged here
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the connector sets its own timeouts
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
