package dev.ownership.api.v1alpha1;

/** Connection of the operator's Jobs to the target database, through a Secret. */
public class DatabaseSpec {
    public SecretRef secretRef;

    public static class SecretRef {
        public String name;
    }
}
