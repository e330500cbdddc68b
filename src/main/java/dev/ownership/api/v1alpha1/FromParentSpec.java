package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Take the owner from a parent row: target.foreignKey references table, whose column holds the owner. */
public class FromParentSpec {
    @Required
    @Size(min = 1, max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String foreignKey;
    @Required
    @Size(min = 1, max = PgIdentifier.QUALIFIED_MAX)
    @ValidationRule(value = PgIdentifier.QUALIFIED_RULE, message = PgIdentifier.QUALIFIED_MESSAGE)
    public String table;
    @Required
    @Size(min = 1, max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String column;
}
