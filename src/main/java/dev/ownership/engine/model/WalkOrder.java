package dev.ownership.engine.model;

/**
 * The order online batches walk a table in. PAGES: heap page ranges where PostgreSQL reads them with a TID Range
 * Scan (14+), else the key. KEY: the table's unique key where it has one, else page ranges. AUTO: PAGES when the
 * server streams its WAL to standbys, which replay every page the backfill rewrites (page order writes about half
 * the WAL of a random key's order), else KEY, which fills fastest through the locality of the key's index
 * (bench/README.md, findings). The resolver decides; an undecided AUTO walks as PAGES.
 */
public enum WalkOrder {
    AUTO, PAGES, KEY;

    /** @param standbys whether physical standbys stream (or hold a slot for) this server's WAL */
    public WalkOrder resolve(boolean standbys) {
        return this != AUTO ? this : standbys ? PAGES : KEY;
    }
}
