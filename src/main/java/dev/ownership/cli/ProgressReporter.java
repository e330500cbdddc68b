package dev.ownership.cli;

import dev.ownership.engine.BackfillProgress;
import dev.ownership.engine.MigrationListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Shows a run's progress on stderr: a progress bar (rows, rate, ETA, the partitions it walks or why it waits) per
 * backfill on a terminal, plain timestamped lines otherwise (CI logs, Job pods), at most one backfill line every few
 * seconds.
 */
class ProgressReporter implements MigrationListener, AutoCloseable {
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final boolean terminal;
    private ProgressBar bar;
    private long lastLog;
    private String lockHolder;

    ProgressReporter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static ProgressReporter forConsole(PrintWriter err) {
        return new ProgressReporter(err, System.console() != null);
    }

    @Override
    public void stepStarted(String target, String step) {
        log(target + ": " + step + " ...");
    }

    @Override
    public void stepFinished(String target, String step, long rows, long millis) {
        closeBar();
        log(target + ": " + step + " done in " + millis + " ms" + (rows > 0 ? ", " + rows + " rows" : ""));
    }

    @Override
    public void backfillProgress(String target, BackfillProgress p) {
        String partitions = p.partitions().map(BackfillProgress.Partitions::text).orElse("");
        if (terminal) {
            if (bar == null) {
                bar = ProgressBar.builder().setTaskName(target).setInitialMax(p.rowsTotal())
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).showSpeed().build();
            }
            bar.maxHint(p.rowsTotal());
            bar.stepTo(p.rowsDone());
            bar.setExtraMessage(partitions); // where it walks, no longer why it waits
        } else if (due() || p.rowsDone() == p.rowsTotal()) {
            String rate = BackfillProgress.rateText(p.rowsPerSecond(), p.timeLeft());
            log(target + ": backfilled " + p.rowsDone() + " of " + p.rowsTotal() + " rows"
                    + (rate.isEmpty() ? "" : " (" + rate + ")") + (partitions.isEmpty() ? "" : ", " + partitions));
        }
    }

    @Override
    public void backfillThrottled(String target, String reason) {
        if (bar != null) {
            bar.setExtraMessage(reason);
        } else if (due()) {
            log(target + ": " + reason);
        }
    }

    /** Plain lines about a backfill at most every few seconds. */
    private boolean due() {
        if (System.nanoTime() - lastLog > LOG_EVERY.toNanos()) {
            lastLog = System.nanoTime();
            return true;
        }
        return false;
    }

    @Override
    public void lockRetry(String tables, int attempt, int of) {
        log("lock on " + tables + " not granted in time; retry " + attempt + " of " + of);
    }

    @Override
    public void warning(String message) {
        log("warning: " + message);
    }

    @Override
    public void waitingForMigratorLock(String holder) {
        if (!holder.equals(lockHolder)) { // once per holder, not at every poll
            lockHolder = holder;
            log("waiting for another migrator to finish: " + holder);
        }
    }

    private void log(String line) {
        if (bar != null) {
            return; // the bar owns the line while it runs
        }
        err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
        err.flush();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
