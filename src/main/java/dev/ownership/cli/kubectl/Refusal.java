package dev.ownership.cli.kubectl;

/** The command cannot do what was asked, and changed nothing: the message says why, the code tells scripts. */
final class Refusal extends RuntimeException {
    final int exitCode;

    Refusal(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
