package dev.ownership.api.v1alpha1;

/**
 * Pages (default) walks heap page ranges on PostgreSQL 14+ (each page rewritten once, in order); Key walks the
 * table's unique key, as PostgreSQL 13 always does.
 */
public enum BackfillOrder {
    Pages, Key
}
