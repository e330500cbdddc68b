package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** {@code spec} of an OwnershipMigration: the field names users write in YAML. */
public class OwnershipMigrationSpec {
    /** Where the target database is; read by the operator, ignored by the CLI. */
    public DatabaseSpec database;
    @Required
    public OwnerSpec owner;
    public DefaultOwnerSpec defaultOwner;
    @Required
    @Size(min = 1, max = 100) // bounds let the API server accept the cost of the uniqueness rule
    @ValidationRule(value = "self.all(t, self.exists_one(u, u.table == t.table && u.column == t.column))",
            message = "each table and column may be listed only once")
    public List<TargetSpec> targets;
    public ExecutionSpec execution;
    /** Automatic (default) or Manual approval of the plan before apply; used by the operator. */
    public Approval approval;
    /** With Manual approval, the plan hash approved through Git (the annotation ownership.dev/approve works too). */
    @Pattern("^[0-9a-f]{16}$")
    public String approvedPlan;
    /** Plan only: the database is never changed. */
    public Boolean dryRun;
    /** Undo what apply created (foreign key, index, trigger, column); ownership data is lost. */
    public Boolean revert;
    /** Revert when the resource is deleted (through a finalizer); by default deletion leaves the database alone. */
    public Boolean revertOnDelete;
    /** Settings of the Jobs that run the migrator. */
    public JobSpec job;
}
