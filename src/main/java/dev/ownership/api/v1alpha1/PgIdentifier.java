package dev.ownership.api.v1alpha1;

/**
 * CEL rules of the CRD for PostgreSQL names: PostgreSQL cuts identifiers at 63 bytes (not characters), so a
 * longer name would silently stand for another. Character limits ({@code @Size}) bound the rules' cost.
 */
final class PgIdentifier {
    static final String RULE = "size(bytes(self)) <= 63";
    static final String MESSAGE = "must be at most 63 bytes in UTF-8: PostgreSQL truncates longer identifiers";
    /** name or schema.name, split at the first dot as the engine does */
    static final String QUALIFIED_RULE = "self.split('.', 2).all(part, size(bytes(part)) <= 63)";
    static final String QUALIFIED_MESSAGE = "schema and name (split at the first dot) must each be at most 63 bytes in "
            + "UTF-8: PostgreSQL truncates longer identifiers";
    /** characters: a name can be no longer than its bytes */
    static final int MAX = 63;
    static final int QUALIFIED_MAX = 2 * MAX + 1;

    private PgIdentifier() {
    }
}
