package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One table that gains an owner column. */
@ValidationRule(value = "!has(self.onDelete) || self.onDelete != 'SetNull'",
        message = "onDelete SetNull cannot work: the owner column becomes NOT NULL")
public class TargetSpec {
    @Required
    @Size(min = 1, max = PgIdentifier.QUALIFIED_MAX)
    @ValidationRule(value = PgIdentifier.QUALIFIED_RULE, message = PgIdentifier.QUALIFIED_MESSAGE)
    public String table;
    @Required
    @Size(min = 1, max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String column;
    public OnDelete onDelete;
    public Boolean index;
    public BackfillSpec backfill;
    public Boolean ifExists;
    /** Name of the foreign key constraint; default fk_&lt;table&gt;_&lt;column&gt;. */
    @Size(max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String foreignKeyName;
    /** Name of the index; default idx_&lt;table&gt;_&lt;column&gt;. */
    @Size(max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String indexName;
}
