package dev.ownership.api.v1alpha1;

/** One table that gains an owner column. */
public class TargetSpec {
    public String table;
    public String column;
    public OnDelete onDelete;
    public Boolean index;
    public BackfillSpec backfill;
    public Boolean ifExists;
    /** Name of the foreign key constraint; default fk_&lt;table&gt;_&lt;column&gt;. */
    public String foreignKeyName;
    /** Name of the index; default idx_&lt;table&gt;_&lt;column&gt;. */
    public String indexName;
}
