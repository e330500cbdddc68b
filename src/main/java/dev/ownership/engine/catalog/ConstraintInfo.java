package dev.ownership.engine.catalog;

/** Any constraint by name: its pg_constraint.contype and whether it is validated. */
public record ConstraintInfo(String name, char type, boolean validated) {
}
