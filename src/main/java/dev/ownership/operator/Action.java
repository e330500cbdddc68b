package dev.ownership.operator;

import java.util.Arrays;
import java.util.Optional;

/** What a migrator Job does: the {@code migrate} subcommand it runs. */
public enum Action {
    PLAN("plan", "Planning"), APPLY("apply", "Applying"), VERIFY("verify", "Verifying"), REVERT("revert", "Reverting");

    public final String verb;
    /** The resource's phase while this action's Job runs. */
    public final String phase;

    Action(String verb, String phase) {
        this.verb = verb;
        this.phase = phase;
    }

    static Optional<Action> of(String verb) {
        return Arrays.stream(values()).filter(a -> a.verb.equals(verb)).findFirst();
    }

    static Optional<Action> ofPhase(String phase) {
        return Arrays.stream(values()).filter(a -> a.phase.equals(phase)).findFirst();
    }

    boolean changesDatabase() {
        return this == APPLY || this == REVERT;
    }
}
