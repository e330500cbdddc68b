package dev.ownership.api.v1alpha1;

/** Online (default) never holds a long lock; Offline runs the plain sequence, for maintenance windows. */
public enum ExecutionMode {
    Online, Offline
}
