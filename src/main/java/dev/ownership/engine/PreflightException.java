package dev.ownership.engine;

import java.util.List;

/** The database does not allow the migration as specified; the database was left unchanged. */
public class PreflightException extends MigrationException {
    private final List<String> problems;

    public PreflightException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
