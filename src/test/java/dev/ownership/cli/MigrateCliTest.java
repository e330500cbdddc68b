package dev.ownership.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrate CLI in-process: exit codes, output, and that refusals touch nothing. */
@Tag("db")
class MigrateCliTest {
    record Run(int code, String out, String err) {
    }

    static Run migrate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OwnershipCommand());
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
    void planShowsStepsSqlLocksRowsAndSamplesAndChangesNothing() {
        TestDatabase db = Fixtures.seed1(40);
        String before = Snapshot.of(db, null);

        Run run = migrate(with(db, Fixtures.path("seed1.yaml").toString(), "plan"));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Owner: public.users.id (uuid); default owner row: id = ")
                .contains("(email = test@example.com)")
                .contains("public.videos.user_id (uuid, from parent public.bookmarks_lists.user_id via list_id")
                .contains("rows without owner: 40; for example id=")
                .contains("[pending] create-index: SHARE UPDATE EXCLUSIVE on public.videos")
                .contains("CREATE INDEX CONCURRENTLY \"idx_videos_user_id\" ON \"public\".\"videos\" (\"user_id\");")
                .contains("steps pending.");
        assertThat(run.out().indexOf("public.bookmarks_lists.user_id (")).as("parents first")
                .isLessThan(run.out().indexOf("public.videos.user_id ("));
        assertThat(Snapshot.of(db, null)).as("plan changes nothing, not even the ledger").isEqualTo(before);
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

        Run url = migrate("plan", "-f", Fixtures.path("seed2.yaml").toString(), "--jdbc-url", "postgres://x");
        assertThat(url.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(url.err()).contains("--jdbc-url: 'postgres://x' is not a jdbc:postgresql: URL");

        assertThat(migrate("plan", "-f", "x.yaml").code()).as("missing --jdbc-url").isEqualTo(ExitCodes.INVALID);
    }
}
