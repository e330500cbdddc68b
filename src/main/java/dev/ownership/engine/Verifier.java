package dev.ownership.engine;

import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.ForeignKeyInfo;
import dev.ownership.engine.plan.ResolvedMigration;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.step.TargetState;
import dev.ownership.engine.step.TargetStateReader;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Checks that the ownership is in force: no NULL owners, NOT NULL, validated foreign key, valid index. */
final class Verifier {
    static final int TOP_OWNERS = 10;

    private final Catalog catalog;

    Verifier(Catalog catalog) {
        this.catalog = catalog;
    }

    VerifyReport verify(ResolvedMigration m) throws SQLException {
        List<VerifyReport.TargetReport> reports = new ArrayList<>();
        for (ResolvedTarget rt : m.targets()) {
            reports.add(target(rt));
        }
        return new VerifyReport(m.spec().name(), reports,
                m.skipped().stream().map(s -> s.target().table() + ": skipped, " + s.reason()).toList());
    }

    private VerifyReport.TargetReport target(ResolvedTarget rt) throws SQLException {
        TargetState s = TargetStateReader.read(catalog, rt);
        long rows = Jdbc.count(catalog.connection(), "SELECT count(*) FROM " + rt.table().sql());
        if (!s.columnExists()) {
            return new VerifyReport.TargetReport(rt.label(), rows, List.of("column " + rt.column() + " does not exist"),
                    List.of());
        }
        List<String> problems = new ArrayList<>();
        long nulls = Jdbc.count(catalog.connection(), "SELECT count(*) FROM " + rt.table().sql() + " WHERE "
                + rt.columnSql() + " IS NULL");
        if (nulls > 0) {
            problems.add(nulls + " rows have no owner");
        }
        if (!s.notNull()) {
            problems.add("NOT NULL is not in force");
        }
        if (s.foreignKey().isEmpty()) {
            problems.add("no foreign key to " + rt.owner().table() + "." + rt.owner().key().name());
        } else {
            ForeignKeyInfo fk = s.foreignKey().get();
            if (fk.onDelete() != rt.target().onDelete()) {
                problems.add("foreign key " + fk.name() + " has ON DELETE " + fk.onDelete().sql + ", not "
                        + rt.target().onDelete().sql);
            }
            if (!fk.validated()) {
                problems.add("foreign key " + fk.name() + " is not validated");
            }
        }
        if (rt.target().index() && s.validIndex().isEmpty()) {
            problems.add("no valid index on " + rt.column());
        }
        if (s.triggerExists() && !rt.settings().keepFillTrigger()) {
            problems.add("the fill trigger " + rt.names().trigger() + " is still there: apply has not finished");
        }
        List<VerifyReport.OwnerCount> top = Jdbc.list(catalog.connection(), "SELECT " + rt.columnSql()
                + "::text, count(*) FROM " + rt.table().sql() + " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT " + TOP_OWNERS,
                rs -> new VerifyReport.OwnerCount(rs.getString(1), rs.getLong(2)));
        return new VerifyReport.TargetReport(rt.label(), rows, problems, top);
    }
}
