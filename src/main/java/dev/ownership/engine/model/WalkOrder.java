package dev.ownership.engine.model;

/**
 * The order online batches walk a table in. PAGES: heap page ranges where PostgreSQL reads them with a TID Range
 * Scan (14+), else the key. KEY: the table's unique key where it has one, else page ranges.
 */
public enum WalkOrder { PAGES, KEY }
