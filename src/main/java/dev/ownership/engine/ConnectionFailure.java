package dev.ownership.engine;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Why a session could not be opened, in fixed words. The driver's own messages carry the host, user and
 * database, which may be values of a Secret that anyone allowed to create a migration pointed at.
 */
final class ConnectionFailure {
    private ConnectionFailure() {
    }

    static String reason(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "28P01" -> "password authentication failed";
            case "28000" -> "the server refused this user (no such role, or pg_hba.conf does not allow it)";
            case "3D000" -> "the database does not exist";
            case "53300" -> "the server has too many connections";
            case "57P03" -> "the server is starting up or shutting down";
            default -> network(e).orElse("the connection failed (SQLSTATE " + (state.isEmpty() ? "unknown" : state)
                    + ")");
        };
    }

    private static Optional<String> network(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Optional.of("host name not found");
            }
            if (t instanceof ConnectException) {
                return Optional.of("connection refused");
            }
            if (t instanceof NoRouteToHostException) {
                return Optional.of("no route to the host");
            }
            if (t instanceof SocketTimeoutException) {
                return Optional.of("the connection timed out");
            }
        }
        return Optional.empty();
    }
}
