package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.model.WalkOrder;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Walks a table in ranges, so each batch touches only its own rows and never rescans the rows before it.
 * Positions are text, so they fit the ledger whatever the key type.
 */
public interface RowWalker {
    /** server_version_num from which PostgreSQL reads a ctid range with a TID Range Scan. */
    int TID_RANGE_SCAN = 140000;

    /**
     * Windows of heap pages in passes where PostgreSQL can read page ranges (14+) unless the walk order says key
     * ({@link PageWindows} says why). The key, if any, still names the filled rows in the ledger. PostgreSQL 13 walks
     * the key (a table without one is refused in preflight).
     */
    static RowWalker of(TableInfo table, Optional<RowKey> key, int serverVersion, WalkOrder order) {
        if (key.isEmpty() || (order != WalkOrder.KEY && serverVersion >= TID_RANGE_SCAN)) {
            return new CtidRangeWalker(table, key);
        }
        return new KeyRangeWalker(table, key.get());
    }

    /** How the plan names this walk. */
    String describe();

    /** The last position when the backfill starts; rows beyond it arrive through the fill trigger. */
    Optional<String> upperBound(Connection c) throws SQLException;

    /** The end of the next range of about {@code rows} rows after {@code lower}, or empty when done. */
    Optional<String> nextBoundary(Connection c, Optional<String> lower, String upper, int rows) throws SQLException;

    /**
     * Whether the batch after {@code lower} takes the size given to {@link #nextBoundary}; one that does not keeps
     * the size of the batch before it (a page window's later passes), so its time measures that size.
     */
    default boolean sizesBatchAfter(Optional<String> lower) {
        return true;
    }

    /**
     * Up to {@code parts - 1} positions strictly between lower and upper, ascending, that cut the range into
     * about equal parts: the slices parallel sessions fill. Fewer (none) when the range is too small to cut.
     */
    List<String> splitPoints(Connection c, Optional<String> lower, String upper, int parts) throws SQLException;

    /** WHERE condition for rows in (lower, upper], for the row alias; parameters from {@link #rangeParams}. */
    String rangeCondition(String alias, boolean hasLower);

    List<Object> rangeParams(Optional<String> lower, String upper);

    /** The row's key as text, for the ledger's record of filled rows; empty when rows have no stable key. */
    Optional<String> keyText(String alias);

    /** WHERE condition choosing up to {@code ?} rows whose owner is still NULL (one parameter: the limit). */
    String someNullRows(String alias, String column);
}
