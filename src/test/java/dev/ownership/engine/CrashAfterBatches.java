package dev.ownership.engine;

/** Stops a run after the n-th committed backfill batch of one target, as a crash there would. */
final class CrashAfterBatches implements MigrationListener {
    private final String target;
    private final int n;
    private int batches;

    /** @param target the end of the target's label, e.g. {@code videos.user_id} */
    CrashAfterBatches(String target, int n) {
        this.target = target;
        this.n = n;
    }

    @Override
    public void backfillProgress(String label, long rowsDone, long rowsTotal) {
        if (label.endsWith(target) && ++batches == n) {
            throw new ResumeTest.Crash("after batch " + n);
        }
    }
}
