package dev.ownership.engine;

/** A statement could not get its lock within the retry budget; names the sessions in the way. */
public class LockTimeoutException extends MigrationException {
    private final int[] blockingPids;

    public LockTimeoutException(String message, int[] blockingPids) {
        super(message);
        this.blockingPids = blockingPids.clone();
    }

    public int[] blockingPids() {
        return blockingPids.clone();
    }
}
