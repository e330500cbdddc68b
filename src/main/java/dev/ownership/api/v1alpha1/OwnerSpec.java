package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** The owner table, and its key column (default: its primary key). */
public class OwnerSpec {
    @Required
    public String table;
    public String column;
}
