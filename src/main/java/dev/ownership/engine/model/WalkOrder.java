package dev.ownership.engine.model;

/**
 * The order online batches walk a table in. PAGES: windows of heap pages, each filled in passes, where PostgreSQL
 * reads page ranges with a TID Range Scan (14+), else the key. KEY: the table's unique key where it has one, else
 * pages. AUTO walks as PAGES: at 10 M rows on a uuid key it filled 1.6x the rows/s of the one UPDATE with less WAL
 * than it, where key order filled 0.8x with three times the WAL; at 1 M rows the two were alike (bench/README.md,
 * findings). It stays a value of its own, so a spec that names no order gets the best one of its version.
 */
public enum WalkOrder {
    AUTO, PAGES, KEY;

    public WalkOrder resolve() {
        return this == AUTO ? PAGES : this;
    }
}
