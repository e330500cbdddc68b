package dev.ownership.api.v1alpha1;

/**
 * Pages walks heap page ranges on PostgreSQL 14+ (each page rewritten once, in order); Key walks the table's unique
 * key, as PostgreSQL 13 always does; Auto (default) walks pages when the server streams its WAL to standbys, else
 * the key.
 */
public enum BackfillOrder {
    Auto, Pages, Key
}
