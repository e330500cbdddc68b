package dev.ownership.api.v1alpha1;

/** Take the owner from a parent row: target.foreignKey references table, whose column holds the owner. */
public class FromParentSpec {
    public String foreignKey;
    public String table;
    public String column;
}
