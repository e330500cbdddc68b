package dev.ownership.api.v1alpha1;

/** The owner row that orphaned rows get: the one whose {@code column} equals {@code value} as text. */
public class DefaultOwnerSpec {
    public String column;
    public String value;
}
