package dev.ownership.engine;

import java.util.List;

/** The document is not a valid OwnershipMigration; nothing was touched. Each problem names its field. */
public class InvalidSpecException extends MigrationException {
    private final List<String> problems;

    public InvalidSpecException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSpecException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
