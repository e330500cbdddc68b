package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** The owner row that orphaned rows get: the one whose {@code column} equals {@code value} as text. */
public class DefaultOwnerSpec {
    public String column;
    @Required
    public String value;
}
