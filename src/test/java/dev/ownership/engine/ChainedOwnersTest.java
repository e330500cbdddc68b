package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ownership that flows down a chain: tenants own orgs (an existing, partly filled column), projects take the
 * tenant from their org, tasks from their project, task labels from their task; every link but the first is a
 * column this migration adds.
 */
@Tag("db")
class ChainedOwnersTest {
    static final List<String> ORDER = List.of("public.orgs.tenant_id", "public.projects.tenant_id",
            "public.tasks.tenant_id", "public.task_labels.tenant_id");
    static final List<String> REVERSED = List.of("public.task_labels.tenant_id", "public.tasks.tenant_id",
            "public.projects.tenant_id", "public.orgs.tenant_id");

    static TestDatabase chain() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql("""
                CREATE TABLE tenants (id bigserial PRIMARY KEY, name text NOT NULL);
                INSERT INTO tenants (name) SELECT 'tenant ' || i FROM generate_series(1, 5) i;
                CREATE TABLE orgs (id bigserial PRIMARY KEY, name text, tenant_id bigint);
                INSERT INTO orgs (name, tenant_id) SELECT 'org ' || i, 1 + i % 5 FROM generate_series(1, 20) i;
                CREATE TABLE projects (id bigserial PRIMARY KEY, org_id bigint REFERENCES orgs, lead_task_id bigint,
                                       name text);
                INSERT INTO projects (org_id, name) SELECT 1 + i % 20, 'p' || i FROM generate_series(1, 200) i;
                CREATE TABLE tasks (id bigserial PRIMARY KEY, project_id bigint REFERENCES projects,
                                    parent_task_id bigint, title text);
                INSERT INTO tasks (project_id, title) SELECT 1 + i % 200, 't' || i FROM generate_series(1, 2000) i;
                CREATE TABLE task_labels (id bigserial PRIMARY KEY, task_id bigint REFERENCES tasks, label text);
                INSERT INTO task_labels (task_id, label) SELECT 1 + i % 2000, 'l' || i FROM generate_series(1, 4000) i;
                """);
        return db;
    }

    /** The chain listed children first, as nothing obliges anyone to list it otherwise. */
    static String spec(String extra) {
        return """
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: chain}
                spec:
                  owner: {table: tenants}
                  targets:
                    - {table: task_labels, column: tenant_id, backfill: {fromParent: {foreignKey: task_id, table: tasks, column: tenant_id}}}
                    - {table: tasks, column: tenant_id, backfill: {fromParent: {foreignKey: project_id, table: projects, column: tenant_id}}}
                    - {table: projects, column: tenant_id, backfill: {fromParent: {foreignKey: org_id, table: orgs, column: tenant_id}}}
                    - {table: orgs, column: tenant_id}
                  execution: {batchSize: 300, targetBatchTime: 0s}
                """ + extra;
    }

    static MigrationSpec read(String yaml) {
        return MigrationDocumentReader.read(MigrationDocumentReaderTest.write(yaml));
    }

    /** Rows whose owner is not their parent's (or, without a parent, the default owner 1). */
    static long wrongOwners(TestDatabase db) {
        return db.count("""
                SELECT (SELECT count(*) FROM orgs WHERE tenant_id IS NULL)
                     + (SELECT count(*) FROM projects c LEFT JOIN orgs p ON p.id = c.org_id
                         WHERE c.tenant_id IS DISTINCT FROM coalesce(p.tenant_id, 1))
                     + (SELECT count(*) FROM tasks c LEFT JOIN projects p ON p.id = c.project_id
                         WHERE c.tenant_id IS DISTINCT FROM coalesce(p.tenant_id, 1))
                     + (SELECT count(*) FROM task_labels c LEFT JOIN tasks p ON p.id = c.task_id
                         WHERE c.tenant_id IS DISTINCT FROM coalesce(p.tenant_id, 1))""");
    }

    @Test
    void aChainListedBackwardsRunsParentsFirstVerifiesAndReverts() {
        TestDatabase db = chain();
        // an org still without tenant (the default owner's), and a project and a task without parent
        db.sql("UPDATE orgs SET tenant_id = NULL WHERE id = 7; INSERT INTO projects (name) VALUES ('no org');"
                + " INSERT INTO tasks (title) VALUES ('no project')");
        String before = Snapshot.of(db, "ownership_migration");
        MigrationSpec spec = read(spec("  defaultOwner: {value: \"3\"}\n"));
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        Plan plan = engine.plan(spec);
        assertThat(plan.targets()).extracting(Plan.TargetPlan::target).containsExactlyElementsOf(ORDER);
        assertThat(plan.targets().get(2).ownerSource()).isEqualTo("from parent public.projects.tenant_id (a target of"
                + " this migration, filled first) via project_id, else default owner 3");
        assertThat(plan.targets().get(1).ownerSource()).isEqualTo("from parent public.orgs.tenant_id (a target of"
                + " this migration, filled first) via org_id, else default owner 3");
        RunResult result = engine.apply(spec, MigrationListener.NONE);

        assertThat(result.steps().stream().filter(s -> s.step().equals("backfill")).map(RunResult.StepResult::target))
                .containsExactlyElementsOf(ORDER);
        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.value("SELECT tenant_id FROM orgs WHERE id = 7")).isEqualTo("3");
        assertThat(db.count("""
                SELECT (SELECT count(*) FROM projects c LEFT JOIN orgs p ON p.id = c.org_id
                         WHERE c.tenant_id IS DISTINCT FROM coalesce(p.tenant_id, 3))
                     + (SELECT count(*) FROM tasks c LEFT JOIN projects p ON p.id = c.project_id
                         WHERE c.tenant_id IS DISTINCT FROM coalesce(p.tenant_id, 3))
                     + (SELECT count(*) FROM task_labels c JOIN tasks p ON p.id = c.task_id
                         WHERE c.tenant_id <> p.tenant_id)""")).isZero();
        assertThat(db.count("SELECT count(*) FROM task_labels l JOIN tasks t ON t.id = l.task_id JOIN projects p"
                + " ON p.id = t.project_id WHERE p.org_id = 7 AND l.tenant_id = 3")).as("labels under org 7").isPositive();

        assertThat(engine.planRevert(spec).targets()).extracting(Plan.TargetPlan::target)
                .containsExactlyElementsOf(REVERSED);
        RunResult reverted = engine.revert(spec, MigrationListener.NONE);
        assertThat(reverted.steps().stream().map(RunResult.StepResult::target).distinct())
                .containsExactlyElementsOf(REVERSED);
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    @Test
    void orphansAreCountedAlongTheChainBeforeItsColumnsExist() {
        TestDatabase db = chain();
        db.sql("UPDATE orgs SET tenant_id = NULL WHERE id = 1; INSERT INTO projects (name) VALUES ('no org');"
                + " INSERT INTO tasks (title) VALUES ('no project')");
        String before = Snapshot.of(db, null);
        MigrationSpec spec = read(spec(""));

        // each level counts the rows without a parent row; the rows under org 1 are org 1's problem, named once
        assertThatThrownBy(() -> new OwnershipEngine(db.connector()).apply(spec, MigrationListener.NONE))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("spec.targets[3]: 1 rows of public.orgs would have no owner")
                .hasMessageContaining("spec.targets[2]: 1 rows of public.projects would have no owner")
                .hasMessageContaining("spec.targets[1]: 1 rows of public.tasks would have no owner")
                .hasMessageNotContaining("task_labels would have no owner")
                .hasMessageNotContaining("does not exist");
        assertThat(Snapshot.of(db, null)).isEqualTo(before);

        db.sql("UPDATE orgs SET tenant_id = 2 WHERE id = 1; DELETE FROM projects WHERE org_id IS NULL;"
                + " DELETE FROM tasks WHERE project_id IS NULL");
        assertThat(new OwnershipEngine(db.connector()).plan(spec).targets()).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            two targets | - {table: projects, column: tenant_id, backfill: {fromParent: {foreignKey: lead_task_id, table: tasks, column: tenant_id}}} | spec.targets[1].backfill.fromParent: these targets copy their owners from each other in a cycle, so none can be filled first: spec.targets[1] (public.tasks.tenant_id) -> spec.targets[2] (public.projects.tenant_id) -> spec.targets[1]
            its own     | - {table: tasks, column: tenant_id, backfill: {fromParent: {foreignKey: parent_task_id, table: tasks, column: tenant_id}}} | spec.targets[1].backfill.fromParent: these targets copy their owners from each other in a cycle, so none can be filled first: spec.targets[1] (public.tasks.tenant_id) -> spec.targets[1]
            """)
    void aCycleIsRefusedNamingItAndNothingChanges(String label, String replacement, String message) {
        TestDatabase db = chain();
        String before = Snapshot.of(db, null);
        String yaml = spec("  defaultOwner: {value: \"1\"}\n").lines()
                .filter(l -> !l.contains("{table: orgs"))
                .map(l -> l.contains("{table: " + (label.equals("its own") ? "tasks" : "projects") + ", column")
                        ? "    " + replacement : l)
                .reduce("", (a, l) -> a + l + "\n");

        assertThatThrownBy(() -> new OwnershipEngine(db.connector()).apply(read(yaml), MigrationListener.NONE))
                .isInstanceOf(PreflightException.class).hasMessageContaining(message);
        assertThat(Snapshot.of(db, null)).isEqualTo(before);
    }

    /**
     * An application that names no owner (hence keepFillTrigger) writes new parents and children, also a
     * project, its task and its label in one transaction, between every two steps and every two backfill batches
     * of every target: each row ends with its parent's owner, whichever parts of the chain had their column,
     * trigger or NOT NULL when it was written.
     */
    @Test
    void rowsTheApplicationWritesDuringTheChainGetTheirParentsOwner() throws Exception {
        TestDatabase db = chain();
        MigrationSpec spec = read(spec("").replace("targetBatchTime: 0s", "targetBatchTime: 0s, keepFillTrigger: true"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong rounds = new AtomicLong();
        CompletableFuture<Void> app = CompletableFuture.runAsync(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (running.get()) {
                    st.execute("INSERT INTO projects (org_id, name) SELECT id, 'live' FROM orgs ORDER BY random() LIMIT 1");
                    st.execute("INSERT INTO tasks (project_id, title) VALUES (currval('projects_id_seq'), 'live')");
                    st.execute("INSERT INTO task_labels (task_id, label) VALUES (currval('tasks_id_seq'), 'live')");
                    c.commit();
                    st.execute("INSERT INTO tasks (project_id, title) SELECT id, 'live' FROM projects"
                            + " ORDER BY random() LIMIT 1");
                    st.execute("INSERT INTO task_labels (task_id, label) SELECT id, 'live' FROM tasks"
                            + " ORDER BY random() LIMIT 1");
                    c.commit();
                    rounds.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        MigrationListener interleave = new MigrationListener() {
            @Override
            public void stepStarted(String target, String step) {
                awaitRound();
            }

            @Override
            public void backfillProgress(String target, long rowsDone, long rowsTotal) {
                awaitRound();
            }

            /** One whole round of the application's writes between here and the migrator's next move. */
            private void awaitRound() {
                long next = rounds.get() + 1;
                while (rounds.get() < next) {
                    if (app.isDone()) {
                        app.join();
                    }
                    Thread.onSpinWait();
                }
            }
        };

        new OwnershipEngine(db.connector()).apply(spec, interleave);
        running.set(false);
        app.join();

        assertThat(db.count("SELECT count(*) FROM tasks WHERE title = 'live'")).isGreaterThan(10);
        assertThat(wrongOwners(db)).isZero();
        assertThat(new OwnershipEngine(db.connector()).verify(spec).ok()).isTrue();
    }

    /** A crash anywhere in the middle of the chain; the next run finishes it in order. */
    @ParameterizedTest
    @CsvSource({"public.tasks.tenant_id, 2", "public.task_labels.tenant_id, 1", "public.projects.tenant_id, 0"})
    void aRunThatDiesMidChainResumes(String target, int batchesBeforeCrash) {
        TestDatabase db = chain();
        MigrationSpec spec = read(spec(""));
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationListener crash = new MigrationListener() {
            int batches;

            @Override
            public void stepStarted(String t, String step) {
                if (t.equals(target) && step.equals("backfill") && batchesBeforeCrash == 0) {
                    throw new ResumeTest.Crash("before the backfill of " + t);
                }
            }

            @Override
            public void backfillProgress(String t, long rowsDone, long rowsTotal) {
                if (t.equals(target) && ++batches == batchesBeforeCrash) {
                    throw new ResumeTest.Crash("after batch " + batches + " of " + t);
                }
            }
        };

        assertThatThrownBy(() -> engine.apply(spec, crash)).isInstanceOf(ResumeTest.Crash.class);
        // the labels are last in the chain: their table takes rows that name no owner whatever the crash left
        db.sql("INSERT INTO task_labels (task_id, label) VALUES (5, 'between runs')");
        engine.apply(spec, MigrationListener.NONE);

        assertThat(wrongOwners(db)).isZero();
        assertThat(engine.verify(spec).ok()).isTrue();
    }
}
