package dev.ownership.cli;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.DatabaseConnector;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.VerifyReport;
import dev.ownership.engine.model.MigrationSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Everything on one machine, nothing to install: an embedded PostgreSQL loaded with the first seed, then
 * plan, apply and verify of its OwnershipMigration through the same code as {@code migrate}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded PostgreSQL with the first seed's data, plan, apply and verify its migration,"
                + " then keep the database running until Ctrl-C.")
public class DemoCommand implements Callable<Integer> {
    @Option(names = "--videos", defaultValue = "100000", description = "Videos to load (default: ${DEFAULT-VALUE}).")
    int videos;

    @Option(names = "--exit", description = "Stop after verify instead of waiting for Ctrl-C.")
    boolean exit;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException, SQLException, InterruptedException {
        PrintWriter out = command.commandLine().getOut();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        String url = pg.getJdbcUrl("postgres", "postgres");
        out.println("PostgreSQL is running: " + url + " (user postgres, no password)");
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute(DemoData.seed1(videos));
        }
        out.println("Loaded the first seed: 2 users, 30 bookmark lists, " + videos + " videos without owner.");
        Path spec = Files.createTempFile("videos-owner-", ".yaml");
        Files.writeString(spec, DemoData.spec());
        MigrationSpec migration = MigrationDocumentReader.read(spec);
        OwnershipEngine engine = new OwnershipEngine(new DatabaseConnector(url, Optional.of("postgres"), Optional.empty()));
        Output output = new Output(out, MigrateOptions.OutputFormat.text);

        out.println("\n== migrate plan ==");
        output.plan(engine.plan(migration));
        out.println("\n== migrate apply --yes ==");
        try (ProgressReporter progress = ProgressReporter.forConsole(command.commandLine().getErr())) {
            output.result(engine.apply(migration, progress));
        }
        out.println("\n== migrate verify ==");
        VerifyReport report = engine.verify(migration);
        output.verify(report);

        String cli = "java -jar target/quarkus-app/quarkus-run.jar migrate";
        out.println("\nLook around:");
        out.println("  " + cli + " verify -f " + spec + " --jdbc-url " + url + " --username postgres");
        out.println("  " + cli + " revert -f " + spec + " --jdbc-url " + url + " --username postgres --yes");
        out.println("  psql -h localhost -p " + pg.getPort() + " -U postgres -c '\\d videos'");
        out.flush();
        if (!exit) {
            out.println("Press Ctrl-C to stop the database.");
            out.flush();
            Thread.currentThread().join(); // the shutdown hook of EmbeddedPostgres stops the server
        }
        pg.close();
        return report.ok() ? ExitCodes.OK : ExitCodes.VERIFY_PROBLEMS;
    }
}
