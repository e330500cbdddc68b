package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The owner row that orphaned rows get: the one whose {@code column} equals {@code value} as text. */
public class DefaultOwnerSpec {
    @Size(max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String column;
    @Required
    public String value;
}
