package dev.ownership.api.v1alpha1;

import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.model.BackfillPace;
import dev.ownership.engine.model.DefaultOwner;
import dev.ownership.engine.model.DeleteRule;
import dev.ownership.engine.model.Identifiers;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.model.OwnerRef;
import dev.ownership.engine.model.ParentSource;
import dev.ownership.engine.model.ReplicaLagLimit;
import dev.ownership.engine.model.Settings;
import dev.ownership.engine.model.TableName;
import dev.ownership.engine.model.Target;
import dev.ownership.engine.model.WalkOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns the YAML-facing spec into the engine's model, collecting every problem with the path of its
 * field, so one run tells the user everything that is wrong.
 */
public final class SpecMapper {
    private final List<String> problems = new ArrayList<>();

    private SpecMapper() {
    }

    public static MigrationSpec toModel(String name, Optional<String> namespace, OwnershipMigrationSpec spec) {
        return new SpecMapper().map(name, namespace, spec);
    }

    private MigrationSpec map(String name, Optional<String> namespace, OwnershipMigrationSpec spec) {
        if (spec == null) {
            throw new InvalidSpecException("spec: required");
        }
        OwnerRef owner = owner(spec.owner);
        Optional<DefaultOwner> defaultOwner = defaultOwner(spec.defaultOwner, owner);
        List<Target> targets = targets(spec.targets, owner);
        Settings settings = settings(spec.execution);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new MigrationSpec(name, owner, defaultOwner, targets, settings, namespace);
    }

    private OwnerRef owner(OwnerSpec o) {
        if (o == null) {
            problems.add("spec.owner: required");
            return null;
        }
        TableName table = table("spec.owner.table", o.table);
        return table == null ? null : new OwnerRef(table, optional("spec.owner.column", o.column));
    }

    private Optional<DefaultOwner> defaultOwner(DefaultOwnerSpec d, OwnerRef owner) {
        if (d == null) {
            return Optional.empty();
        }
        if (d.value == null) {
            problems.add("spec.defaultOwner.value: required (the value that identifies the default owner row)");
            return Optional.empty();
        }
        // Without a column the value is matched against the owner key, which the engine resolves.
        Optional<String> column = optional("spec.defaultOwner.column", d.column)
                .or(() -> owner == null ? Optional.empty() : owner.column());
        return Optional.of(new DefaultOwner(column, d.value));
    }

    private List<Target> targets(List<TargetSpec> specs, OwnerRef owner) {
        List<Target> targets = new ArrayList<>();
        if (specs == null || specs.isEmpty()) {
            problems.add("spec.targets: at least one target is required");
            return targets;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String path = "spec.targets[" + i + "]";
            TargetSpec t = specs.get(i);
            if (t == null) {
                problems.add(path + ": must be an object");
                continue;
            }
            TableName tableName = table(path + ".table", t.table);
            String column = identifier(path + ".column", t.column);
            if (tableName == null || column == null) {
                continue;
            }
            if (!seen.add(tableName + "\u0000" + column)) {
                problems.add(path + ": " + tableName + "." + column + " is listed twice");
            }
            if (owner != null && owner.table().equals(tableName)) {
                problems.add(path + ".table: the owner table " + tableName + " cannot be its own target");
            }
            DeleteRule onDelete = onDelete(path, t.onDelete);
            Optional<ParentSource> parent = parent(path + ".backfill", t.backfill);
            targets.add(new Target(tableName, column, onDelete, t.index == null || t.index, parent,
                    Boolean.TRUE.equals(t.ifExists),
                    name(path + ".foreignKeyName", t.foreignKeyName, Target.defaultForeignKeyName(tableName, column)),
                    name(path + ".indexName", t.indexName, Target.defaultIndexName(tableName, column))));
        }
        return targets;
    }

    private DeleteRule onDelete(String path, OnDelete onDelete) {
        if (onDelete == null) {
            return DeleteRule.CASCADE;
        }
        return switch (onDelete) {
            case Cascade -> DeleteRule.CASCADE;
            case Restrict -> DeleteRule.RESTRICT;
            case NoAction -> DeleteRule.NO_ACTION;
            case SetNull -> {
                problems.add(path + ".onDelete: SetNull cannot work: the owner column becomes NOT NULL; "
                        + "use Cascade, Restrict or NoAction");
                yield DeleteRule.SET_NULL;
            }
        };
    }

    private Optional<ParentSource> parent(String path, BackfillSpec backfill) {
        if (backfill == null || backfill.fromParent == null) {
            return Optional.empty();
        }
        FromParentSpec p = backfill.fromParent;
        String fk = identifier(path + ".fromParent.foreignKey", p.foreignKey);
        TableName table = table(path + ".fromParent.table", p.table);
        String column = identifier(path + ".fromParent.column", p.column);
        if (fk == null || table == null || column == null) {
            return Optional.empty();
        }
        return Optional.of(new ParentSource(fk, table, column));
    }

    private Settings settings(ExecutionSpec e) {
        Settings d = Settings.defaults();
        if (e == null) {
            return d;
        }
        Mode mode = e.mode == null ? d.mode() : (e.mode == ExecutionMode.Offline ? Mode.OFFLINE : Mode.ONLINE);
        int batchSize = range("spec.execution.batchSize", e.batchSize, d.batchSize(), 1, 1_000_000);
        int retries = range("spec.execution.lockRetries", e.lockRetries, d.lockRetries(), 0, 1_000);
        return new Settings(mode, batchSize,
                duration("spec.execution.targetBatchTime", e.targetBatchTime, d.targetBatchTime()),
                duration("spec.execution.pauseBetweenBatches", e.pauseBetweenBatches, d.pauseBetweenBatches()),
                positive("spec.execution.lockTimeout", e.lockTimeout, d.lockTimeout()),
                positive("spec.execution.backgroundLockTimeout", e.backgroundLockTimeout, d.backgroundLockTimeout()),
                retries,
                name("spec.execution.ledgerSchema", e.ledgerSchema, d.ledgerSchema()),
                Boolean.TRUE.equals(e.keepFillTrigger), pace(e, d.pace()),
                e.backfillOrder == null ? d.walkOrder() : switch (e.backfillOrder) {
                    case Auto -> WalkOrder.AUTO;
                    case Pages -> WalkOrder.PAGES;
                    case Key -> WalkOrder.KEY;
                });
    }

    private BackfillPace pace(ExecutionSpec e, BackfillPace d) {
        int parallelism = range("spec.execution.parallelism", e.parallelism, d.parallelism(), 1,
                BackfillPace.MAX_PARALLELISM);
        Optional<ReplicaLagLimit> lag = ReplicaLags.parse(e.maxReplicaLag);
        if (e.maxReplicaLag != null && lag.isEmpty()) {
            problems.add("spec.execution.maxReplicaLag: '" + e.maxReplicaLag + "' is neither a duration such as 5s nor"
                    + " a size such as 64MB");
        }
        if (e.maxRowsPerSecond != null && e.maxRowsPerSecond < 1) {
            problems.add("spec.execution.maxRowsPerSecond: " + e.maxRowsPerSecond + " must be at least 1");
        }
        return new BackfillPace(parallelism, lag.or(d::maxReplicaLag), e.maxRowsPerSecond == null
                ? d.maxRowsPerSecond() : OptionalLong.of(e.maxRowsPerSecond));
    }

    private int range(String path, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            problems.add(path + ": " + value + " is out of range " + min + " to " + max);
        }
        return value;
    }

    private Duration duration(String path, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        Optional<Duration> parsed = Durations.parse(text);
        if (parsed.isEmpty()) {
            problems.add(path + ": '" + text + "' is not a duration such as 500ms, 2s or 1m");
        }
        return parsed.orElse(fallback);
    }

    private Duration positive(String path, String text, Duration fallback) {
        Duration d = duration(path, text, fallback);
        if (d.isZero()) {
            problems.add(path + ": must be longer than 0 (waiting for a lock without a timeout stalls the application)");
        }
        return d;
    }

    private String name(String path, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        return identifier(path, value);
    }

    /** {@code name} or {@code schema.name}; each part must fit PostgreSQL's limit on its own. */
    private TableName table(String path, String value) {
        String text = required(path, value);
        if (text == null) {
            return null;
        }
        TableName table = TableName.parse(text);
        table.schema().ifPresent(schema -> fits(path, "schema ", schema));
        fits(path, "", table.name());
        return table;
    }

    /** A name PostgreSQL would silently cut at 63 bytes would address another object: refused instead. */
    private String identifier(String path, String value) {
        String name = required(path, value);
        if (name != null) {
            fits(path, "", name);
        }
        return name;
    }

    private void fits(String path, String part, String name) {
        if (!Identifiers.fits(name)) {
            problems.add(path + ": " + part + Identifiers.bytes(name) + " bytes, PostgreSQL allows "
                    + Identifiers.MAX_BYTES);
        }
    }

    private Optional<String> optional(String path, String value) {
        return value == null ? Optional.empty() : Optional.ofNullable(identifier(path, value));
    }

    private String required(String path, String value) {
        if (value == null || value.isEmpty()) {
            problems.add(path + ": required");
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            problems.add(path + ": must not contain NUL characters");
            return null;
        }
        return value;
    }
}
