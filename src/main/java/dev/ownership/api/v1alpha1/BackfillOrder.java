package dev.ownership.api.v1alpha1;

/**
 * Pages walks windows of heap pages on PostgreSQL 14+, each in 8 passes; Key walks the table's unique key, as
 * PostgreSQL 13 always does; Auto (default) walks pages.
 */
public enum BackfillOrder {
    Auto, Pages, Key
}
