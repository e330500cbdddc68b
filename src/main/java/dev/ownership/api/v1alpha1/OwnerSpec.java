package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The owner table, and its key column (default: its primary key). */
public class OwnerSpec {
    @Required
    @Size(min = 1, max = PgIdentifier.QUALIFIED_MAX)
    @ValidationRule(value = PgIdentifier.QUALIFIED_RULE, message = PgIdentifier.QUALIFIED_MESSAGE)
    public String table;
    @Size(max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String column;
}
