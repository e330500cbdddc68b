package dev.ownership.api.v1alpha1;

import java.util.List;

/** {@code spec} of an OwnershipMigration: the field names users write in YAML. */
public class OwnershipMigrationSpec {
    /** Where the target database is; read by the operator, ignored by the CLI. */
    public DatabaseSpec database;
    public OwnerSpec owner;
    public DefaultOwnerSpec defaultOwner;
    public List<TargetSpec> targets;
    public ExecutionSpec execution;
    /** Automatic (default) or Manual approval of the plan before apply; used by the operator. */
    public Approval approval;
}
