package dev.ownership.cli;

import dev.ownership.engine.InvalidSpecException;

import java.io.Console;

/** Changes need a yes: --yes, or typed at a terminal. Without a terminal there is nobody to ask. */
public final class Confirmation {
    private Confirmation() {
    }

    public static boolean confirmed(boolean yes, String question) {
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            throw new InvalidSpecException("--yes: required when no terminal is attached (nobody can confirm)");
        }
        String answer = console.readLine("%s Type yes to continue: ", question);
        return answer != null && answer.trim().equalsIgnoreCase("yes");
    }
}
