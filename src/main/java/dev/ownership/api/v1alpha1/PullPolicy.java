package dev.ownership.api.v1alpha1;

/** When the kubelet pulls the migrator image; declared from pulling least to pulling most. */
public enum PullPolicy {
    Never, IfNotPresent, Always
}
