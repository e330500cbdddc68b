package dev.ownership.operator;

/** What a migrator Job does: the {@code migrate} subcommand it runs. */
public enum Action {
    PLAN("plan"), APPLY("apply"), VERIFY("verify"), REVERT("revert");

    public final String verb;

    Action(String verb) {
        this.verb = verb;
    }

    boolean changesDatabase() {
        return this == APPLY || this == REVERT;
    }
}
