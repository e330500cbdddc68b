package dev.ownership.api.v1alpha1;

/** How existing rows of a target get their owner. Without it they get the default owner. */
public class BackfillSpec {
    public FromParentSpec fromParent;
}
