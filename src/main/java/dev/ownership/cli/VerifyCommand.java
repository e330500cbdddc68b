package dev.ownership.cli;

import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.VerifyReport;
import dev.ownership.engine.model.MigrationSpec;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that ownership is in force: no NULL owners, NOT NULL, validated foreign key, valid index.")
class VerifyCommand extends MigrateSubcommand {
    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        VerifyReport report = engine.verify(spec);
        out.verify(report);
        return report.ok() ? ExitCodes.OK : ExitCodes.VERIFY_PROBLEMS;
    }
}
