package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** Take the owner from a parent row: target.foreignKey references table, whose column holds the owner. */
public class FromParentSpec {
    @Required
    public String foreignKey;
    @Required
    public String table;
    @Required
    public String column;
}
