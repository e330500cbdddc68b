package dev.ownership.cli;

/** The CLI's exit codes; scripts and the operator's Jobs rely on them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int PREFLIGHT = 3;
    public static final int VERIFY_PROBLEMS = 4;

    private ExitCodes() {
    }
}
