package dev.ownership.api.v1alpha1;

/** ON DELETE rule of the foreign key. */
public enum OnDelete {
    Cascade, SetNull, Restrict, NoAction
}
