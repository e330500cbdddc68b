package dev.ownership.api.v1alpha1;

/** Whether the operator waits for a person to approve the plan. */
public enum Approval {
    Automatic, Manual
}
