package dev.ownership.engine.plan;

import dev.ownership.engine.backfill.RowWalker;
import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.ColumnInfo;
import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.Ledger;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Identifiers;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;
import dev.ownership.engine.step.Step;
import dev.ownership.engine.step.StepSequences;
import dev.ownership.engine.step.TargetState;
import dev.ownership.engine.step.TargetStateReader;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds the plan of apply or revert from the resolved spec and the catalog; reads only. */
public class Planner {
    static final int SAMPLE_ROWS = 5;

    private final Catalog catalog;

    public Planner(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The plan people read: with rows to backfill and sample rows (a scan of each table). */
    public Plan apply(ResolvedMigration m) throws SQLException {
        return apply(m, true);
    }

    /** The steps and their hash only, without scanning tables: what a run records in the ledger. */
    public Plan applySteps(ResolvedMigration m) throws SQLException {
        return apply(m, false);
    }

    private Plan apply(ResolvedMigration m, boolean countRows) throws SQLException {
        List<Plan.TargetPlan> targets = new ArrayList<>();
        for (ResolvedTarget rt : m.targets()) {
            TargetState state = TargetStateReader.read(catalog, rt);
            List<? extends Step> steps = StepSequences.apply(rt, state.columnExists());
            long rows = state.notNull() || !countRows ? 0 : rowsWithoutOwner(rt, state.column());
            // nothing recorded the rows the backfill fills (no key), so revert cannot tell them apart
            Optional<String> note = state.columnExists() && rt.rowKey().isEmpty() && rt.canFill() && !state.notNull()
                    ? Optional.of("no key to record filled rows by: revert keeps the owners the backfill writes")
                    : Optional.empty();
            targets.add(new Plan.TargetPlan(rt.label(), rt.ownerType(), ownerSource(rt), rowWalk(rt), rows,
                    rows == 0 ? List.of() : samples(rt, state.column()), planned(steps, state), note));
        }
        return plan(m, "apply", targets);
    }

    /** With no ledger record a target was never applied by us: nothing to revert there. */
    public Plan revert(ResolvedMigration m, Optional<Ledger> ledger) throws SQLException {
        List<Plan.TargetPlan> targets = new ArrayList<>();
        for (ResolvedTarget rt : m.childrenFirst()) {
            Optional<TargetRecord> found = ledger.isEmpty() ? Optional.empty()
                    : ledger.get().target(rt.table().schema(), rt.table().name(), rt.column());
            Optional<TargetRecord> record = found.filter(r -> r.madeBy(m.spec().identity()));
            TargetState state = TargetStateReader.read(catalog, rt);
            List<Step> steps = record.map(r -> StepSequences.revert(rt, r))
                    .orElse(List.of());
            Optional<String> note = Optional.of(found.isEmpty() ? "never applied by ownership-operator: left alone"
                    : record.isEmpty() ? "belongs to migration " + found.get().migration() + ": left alone"
                    : !record.get().columnExisted() ? "the column and its ownership data are dropped"
                    : rt.rowKey().isEmpty() ? "the column existed before: it is kept; the table has no key the filled"
                    + " rows were recorded by, so revert keeps the owners the backfill wrote"
                    : "the column existed before: it is kept; rows the migrator filled get their NULL back, unless"
                    + " their owner has changed since");
            targets.add(new Plan.TargetPlan(rt.label(), rt.ownerType(), ownerSource(rt), rowWalk(rt), 0, List.of(),
                    planned(steps, state), note));
        }
        return plan(m, "revert", targets);
    }

    private Plan plan(ResolvedMigration m, String action, List<Plan.TargetPlan> targets) {
        List<String> skipped = m.skipped().stream().map(s -> s.target().table() + ": skipped, " + s.reason()).toList();
        return new Plan(m.spec().name(), action, m.serverVersion(),
                m.owner().table() + "." + m.owner().key().name() + " (" + m.owner().key().type() + ")",
                m.owner().defaultRow(), targets, skipped, m.warnings(), hash(action, targets));
    }

    private static List<Plan.PlannedStep> planned(List<? extends Step> steps, TargetState state) {
        return steps.stream().map(s -> new Plan.PlannedStep(s.name(), s.lock(), s.statements(), s.isDone(state)))
                .toList();
    }

    static String hash(String action, List<Plan.TargetPlan> targets) {
        StringBuilder text = new StringBuilder(action);
        for (Plan.TargetPlan t : targets) {
            for (Plan.PlannedStep s : t.steps()) {
                if (!s.done()) {
                    text.append('\n').append(t.target()).append('\n').append(s.name()).append('\n')
                            .append(String.join("\n", s.sql()));
                }
            }
        }
        return Identifiers.shortHash(text.toString()) + Identifiers.shortHash(text.reverse().toString());
    }

    private long rowsWithoutOwner(ResolvedTarget rt, Optional<ColumnInfo> column) throws SQLException {
        return Jdbc.count(catalog.connection(), "SELECT count(*) FROM " + rt.table().sql()
                + column.map(c -> " WHERE " + rt.columnSql() + " IS NULL").orElse(""));
    }

    /** Key columns of a few rows without owner, so a person can look at them before approving. */
    private List<String> samples(ResolvedTarget rt, Optional<ColumnInfo> column) throws SQLException {
        List<String> names = new ArrayList<>(rt.rowKey().map(RowKey::names).orElse(List.of()));
        List<String> select = new ArrayList<>(names.stream().map(n -> Sql.ident(n) + "::text").toList());
        if (rt.rowKey().isEmpty()) {
            names.add("ctid");
            select.add("ctid::text");
        }
        rt.parent().filter(p -> !names.contains(p.foreignKey())).ifPresent(p -> {
            names.add(p.foreignKey());
            select.add(Sql.ident(p.foreignKey()) + "::text");
        });
        return Jdbc.list(catalog.connection(), "SELECT " + String.join(", ", select) + " FROM " + rt.table().sql()
                + column.map(c -> " WHERE " + rt.columnSql() + " IS NULL").orElse("") + " LIMIT " + SAMPLE_ROWS, rs -> {
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        parts.add(names.get(i) + "=" + rs.getString(i + 1));
                    }
                    return String.join(", ", parts);
                });
    }

    private static String ownerSource(ResolvedTarget rt) {
        String fallback = rt.owner().defaultKey().map(k -> "default owner " + k).orElse("no default owner");
        return rt.parent().map(p -> "from parent " + p.table() + "." + p.ownerColumn()
                + (p.chained() ? " (a target of this migration, filled first)" : "") + " via " + p.foreignKey()
                + ", else " + fallback).orElse(fallback);
    }

    private static String rowWalk(ResolvedTarget rt) {
        if (rt.partitioned()) {
            int sessions = rt.settings().pace().parallelism();
            return rt.leaves().size() + " partitions, " + (sessions == 1 ? "one after the other" : sessions
                    + " sessions at once") + ": " + rt.leaves().stream()
                    .map(p -> p.table() + " (" + walk(rt, p.table(), rt.rowKey().or(p::walkKey)) + ")")
                    .collect(Collectors.joining(", "));
        }
        return walk(rt, rt.table(), rt.rowKey());
    }

    private static String walk(ResolvedTarget rt, TableInfo table, Optional<RowKey> key) {
        return RowWalker.of(table, key, rt.serverVersion(), rt.settings().walkOrder()).describe();
    }
}
