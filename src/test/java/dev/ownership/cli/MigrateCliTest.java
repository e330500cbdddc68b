package dev.ownership.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrate CLI in-process: exit codes, output, and that refusals touch nothing. */
@Tag("db")
class MigrateCliTest {
    record Run(int code, String out, String err) {
    }

    static Run migrate(String... args) {
        return migrate(new StringWriter(), args);
    }

    /** @param err read while the command runs (StringWriter is thread-safe) */
    static Run migrate(StringWriter err, String... args) {
        return migrate(System.getenv(), err, args);
    }

    /** @param environment what the command sees as its environment (a Job's Secret values arrive there) */
    static Run migrate(Map<String, String> environment, StringWriter err, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new OwnershipCommand(), new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == MigrateOptions.class ? (K) new MigrateOptions(environment)
                        : CommandLine.defaultFactory().create(type);
            }
        });
        cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "migrate";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    static String[] with(TestDatabase db, String spec, String... more) {
        String[] base = {"-f", spec, "--jdbc-url", db.jdbcUrl(), "--username", "postgres"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(more, 0, all, 0, more.length);
        System.arraycopy(base, 0, all, more.length, base.length);
        return all;
    }

    @Test
    void aSecondMigratorOnTheSameDatabaseFailsRetryablyAndChangesNothing() throws Exception {
        TestDatabase db = Fixtures.seed1(40);
        String before = Snapshot.of(db, null);
        try (java.sql.Connection other = db.connect()) {
            // the key every version of the migrator takes (MigratorLock.KEY): pinned, so versions exclude each other
            other.createStatement().execute("SELECT pg_advisory_lock(" + 0x6f776e6572736870L + ")");

            Run run = migrate(with(db, Fixtures.path("seed1.yaml").toString(), "apply", "--yes"));

            assertThat(run.code()).as("exit 1: a Job tries again").isEqualTo(ExitCodes.FAILED);
            assertThat(run.err()).contains("Another migrator is working on this database");
        }
        assertThat(Snapshot.of(db, null)).isEqualTo(before);
    }

    @Test
    void withLockWaitASecondMigratorSaysWhomItWaitsForOnceAndRunsWhenTheFirstHasFinished() throws Exception {
        TestDatabase db = Fixtures.seed2();
        StringWriter err = new StringWriter();
        try (Connection other = otherMigrator(db)) {
            CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> migrate(err,
                    with(db, Fixtures.path("seed2.yaml").toString(), "apply", "--yes", "--lock-wait", "forever")));
            awaitText(err, "waiting for another migrator to finish");
            other.createStatement().execute("SELECT pg_advisory_unlock_all()");

            Run run = waiting.get(2, TimeUnit.MINUTES);
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).containsOnlyOnce("waiting for another migrator to finish: session ")
                    .contains("application other-migrator, connected since ");
        }
        assertThat(new OwnershipEngine(db.connector()).verify(Fixtures.spec("seed2.yaml")).ok()).isTrue();
        Run busy = migrate(with(db, Fixtures.path("seed2.yaml").toString(), "apply", "--yes", "--lock-wait", "soon"));
        assertThat(busy.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(busy.err()).contains("--lock-wait: 'soon' is not a duration");
    }

    /** The approved hash is compared with the plan made once the lock is held, not the one made before waiting. */
    @Test
    void thePlanHashIsCheckedUnderTheMigratorLock() throws Exception {
        TestDatabase db = Fixtures.seed2();
        String spec = Fixtures.path("seed2.yaml").toString();
        String hash = new ObjectMapper().readTree(migrate(with(db, spec, "plan", "-o", "json")).out()).get("hash").asText();
        Path report = Files.createTempFile("report", ".json");
        StringWriter err = new StringWriter();
        String changed;
        try (Connection other = otherMigrator(db)) {
            CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> migrate(err, with(db, spec, "apply",
                    "--yes", "--plan-hash", hash, "--lock-wait", "5m", "--termination-message-path", report.toString())));
            awaitText(err, "waiting for another migrator to finish");
            // what the other migrator did meanwhile: the index the plan was going to build
            other.createStatement().execute("CREATE INDEX idx_album_media_user_id ON album_media (user_id)");
            changed = Snapshot.of(db, null);
            other.createStatement().execute("SELECT pg_advisory_unlock_all()");

            Run run = waiting.get(2, TimeUnit.MINUTES);
            assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.PREFLIGHT);
            assertThat(run.err()).contains("not the approved " + hash);
        }
        assertThat(MigratorReport.parse(Files.readString(report)).orElseThrow().reason()).isEqualTo("PlanChanged");
        assertThat(Snapshot.of(db, null)).as("nothing done").isEqualTo(changed);
    }

    @Test
    void planRevertReportsTheHashThatRevertAcceptsAndAChangedDatabaseMakesRevertRefuse() throws Exception {
        TestDatabase db = Fixtures.seed2();
        String spec = Fixtures.path("seed2.yaml").toString();
        assertThat(migrate(with(db, spec, "apply", "--yes")).code()).isZero();
        Path report = Files.createTempFile("report", ".json");

        Run planned = migrate(with(db, spec, "plan", "--revert", "--termination-message-path", report.toString()));
        assertThat(planned.code()).as(planned.err()).isZero();
        assertThat(planned.out()).contains("(revert) of media-owner").contains("drop-foreign-key");
        String hash = MigratorReport.parse(Files.readString(report)).orElseThrow().planHash();
        assertThat(planned.out()).contains("Plan " + hash + " (revert)");

        db.sql("DROP INDEX idx_album_media_user_id"); // someone changed the database after the plan was approved
        String changed = Snapshot.of(db, null);
        Run refused = migrate(with(db, spec, "revert", "--yes", "--plan-hash", hash));
        assertThat(refused.code()).as(refused.err()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(Snapshot.of(db, null)).isEqualTo(changed);

        migrate(with(db, spec, "plan", "--revert", "--termination-message-path", report.toString()));
        String again = MigratorReport.parse(Files.readString(report)).orElseThrow().planHash();
        Run reverted = migrate(with(db, spec, "revert", "--yes", "--plan-hash", again));
        assertThat(reverted.code()).as(reverted.err()).isZero();
        assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE conname = 'fk_album_media_user_id'")).isZero();
    }

    /** A session holding the migrator lock, as another migrator's does. */
    private static Connection otherMigrator(TestDatabase db) throws SQLException {
        Connection c = db.connect();
        c.createStatement().execute("SET application_name = 'other-migrator'");
        c.createStatement().execute("SELECT pg_advisory_lock(" + 0x6f776e6572736870L + ")");
        return c;
    }

    /** Waits for the command to say something: an event, not a duration, decides (the bound only ends a hang). */
    private static void awaitText(StringWriter err, String text) throws InterruptedException {
        for (int i = 0; i < 1200 && !err.toString().contains(text); i++) {
            Thread.sleep(100);
        }
        assertThat(err.toString()).contains(text);
    }

    @Test
    void planShowsStepsSqlLocksRowsAndSamplesAndChangesNothing() {
        TestDatabase db = Fixtures.seed1(40);
        String before = Snapshot.of(db, null);

        Run run = migrate(with(db, Fixtures.path("seed1.yaml").toString(), "plan"));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern(", PostgreSQL " + db.serverVersion() / 10_000 + "\\.\\d+\n")
                .contains("Owner: public.users.id (uuid); default owner row: id = ")
                .contains("(email = test@example.com)")
                .contains("public.videos.user_id (uuid, from parent public.bookmarks_lists.user_id (a target of this"
                        + " migration, filled first) via list_id")
                .contains("rows without owner: 40; for example id=")
                .contains("[pending] create-index: SHARE UPDATE EXCLUSIVE on public.videos")
                .contains("CREATE INDEX CONCURRENTLY \"idx_videos_user_id\" ON \"public\".\"videos\" (\"user_id\");")
                .contains("steps pending.");
        assertThat(run.out().indexOf("public.bookmarks_lists.user_id (")).as("parents first")
                .isLessThan(run.out().indexOf("public.videos.user_id ("));
        assertThat(Snapshot.of(db, null)).as("plan changes nothing, not even the ledger").isEqualTo(before);
    }

    /** The text the cluster keeps: the same plan without the sample rows, which are application data. */
    @Test
    void planWithoutSamplesShowsNoRowValue() {
        TestDatabase db = Fixtures.seed1(40);
        String spec = Fixtures.path("seed1.yaml").toString();
        Run full = migrate(with(db, spec, "plan"));
        Matcher samples = Pattern.compile("; for example (.*)\n").matcher(full.out());
        List<String> rows = samples.results().flatMap(m -> Arrays.stream(m.group(1).split("; "))).toList();
        assertThat(rows).as(full.out()).isNotEmpty();

        Run kept = migrate(with(db, spec, "plan", "--no-samples"));

        assertThat(kept.code()).as(kept.err()).isZero();
        assertThat(kept.out()).isEqualTo(samples.replaceAll("\n")).contains("rows without owner: 40\n");
        rows.forEach(row -> assertThat(kept.out()).doesNotContain(row.substring(row.indexOf('=') + 1)));
        Run unset = migrate(Map.of(), new StringWriter(), with(db, spec, "plan", "--plan-config-map-env", "NOPE"));
        assertThat(unset.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(unset.err()).contains("--plan-config-map-env: environment variable NOPE is not set");
    }

    @Test
    void applyVerifyRevertWithExitCodes() throws Exception {
        TestDatabase db = Fixtures.seed2();
        String spec = Fixtures.path("seed2.yaml").toString();
        String before = Snapshot.of(db, null);

        assertThat(migrate(with(db, spec, "verify")).code()).isEqualTo(ExitCodes.VERIFY_PROBLEMS);
        Run refused = migrate(with(db, spec, "apply"));
        assertThat(refused.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(refused.err()).contains("--yes: required when no terminal is attached");
        assertThat(Snapshot.of(db, null)).isEqualTo(before);

        Run applied = migrate(with(db, spec, "apply", "--yes"));
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("apply of media-owner finished");
        assertThat(applied.err()).contains("public.album_media.user_id: backfill done");

        Run verified = migrate(with(db, spec, "verify", "-o", "json"));
        assertThat(verified.code()).isZero();
        JsonNode report = new ObjectMapper().readTree(verified.out());
        assertThat(report.at("/targets/0/topOwners/0/owner").asText()).isEqualTo("1");
        assertThat(report.at("/targets/0/topOwners/0/rows").asLong()).isEqualTo(46);

        assertThat(migrate(with(db, spec, "apply", "--yes")).out()).as("second apply").isEqualTo("Nothing to apply.\n");
        Run reverted = migrate(with(db, spec, "revert", "--yes"));
        assertThat(reverted.code()).as(reverted.err()).isZero();
        assertThat(reverted.err()).contains("Reverting drops the ownership data");
        assertThat(Snapshot.of(db, "ownership_migration")).as("revert restores the tables").isEqualTo(before);
        assertThat(migrate(with(db, spec, "revert", "--yes")).out()).contains("Nothing to revert.");
    }

    @Test
    void badInputExitsTwoAndPreflightThreeNamingTheProblem() {
        TestDatabase db = Fixtures.seed2();
        String badSpec = MigrationDocumentReaderTest.write("apiVersion: ownership.dev/v1alpha1\nkind: OwnershipMigration\n"
                + "metadata: {name: x}\nspec:\n  owner: {table: users}\n  targets: [{table: album_media, colum: x}]\n")
                .toString();
        Run invalid = migrate(with(db, badSpec, "plan"));
        assertThat(invalid.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(invalid.err()).startsWith("Invalid: spec.targets[0].colum: unknown field").doesNotContain("at dev.");

        String missing = MigrationDocumentReaderTest.write(Fixtures.resource("seed2.yaml")
                .replace("table: album_media", "table: albums")).toString();
        Run preflight = migrate(with(db, missing, "apply", "--yes"));
        assertThat(preflight.code()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(preflight.err()).contains("Preflight failed, nothing was changed:")
                .contains("spec.targets[0].table: table albums does not exist");

        Run url = migrate("plan", "-f", Fixtures.path("seed2.yaml").toString(), "--jdbc-url", "mysql://x");
        assertThat(url.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(url.err()).contains("--jdbc-url: not a PostgreSQL URL");

        assertThat(migrate("plan", "-f", "x.yaml").code()).as("missing --jdbc-url").isEqualTo(ExitCodes.INVALID);
    }
}
