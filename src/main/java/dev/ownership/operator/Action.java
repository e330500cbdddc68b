package dev.ownership.operator;

/** What a migrator Job does: the {@code migrate} subcommand it runs. */
public enum Action {
    PLAN("plan"), APPLY("apply"), VERIFY("verify"), REVERT("revert");

    public final String verb;

    Action(String verb) {
        this.verb = verb;
    }

    static java.util.Optional<Action> of(String verb) {
        return java.util.Arrays.stream(values()).filter(a -> a.verb.equals(verb)).findFirst();
    }

    boolean changesDatabase() {
        return this == APPLY || this == REVERT;
    }
}
