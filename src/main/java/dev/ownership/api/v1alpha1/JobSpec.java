package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/** Settings of the migrator Jobs; unset fields take the operator's defaults. */
public class JobSpec {
    /** Migrator image; default: the operator's own image. */
    public String image;
    public PullPolicy imagePullPolicy;
    /** ServiceAccount of the Job pods; default: one the operator creates per namespace. */
    public String serviceAccountName;
    public ResourceRequirements resources;
    public Map<String, String> nodeSelector;
    public List<Toleration> tolerations;
    public Affinity affinity;
    @Min(1)
    public Long activeDeadlineSeconds;
    @Min(0)
    public Integer backoffLimit;
    @Min(0)
    public Integer ttlSecondsAfterFinished;
}
