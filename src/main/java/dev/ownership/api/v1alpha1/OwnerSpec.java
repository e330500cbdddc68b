package dev.ownership.api.v1alpha1;

/** The owner table, and its key column (default: its primary key). */
public class OwnerSpec {
    public String table;
    public String column;
}
