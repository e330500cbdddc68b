package dev.ownership.demo;

import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which changes of a migration's status are worth a line of the demo's story: a phase (or why it is in it), a
 * step starting or ending (a step seen running, or one that filled rows; not the quick catalog steps seen only
 * once done), whom it waits for, and backfill progress at most every {@link #PROGRESS_EVERY}.
 * A pure function of the status last seen, the new one and the time since the last progress line.
 */
final class StatusChanges {
    /** A backfill reports after every batch: a line every few seconds is enough to see it move. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Set<String> STATES = Set.of("Ready", "Stalled", "Reconciling", "AwaitingApproval");

    /** @param progress a backfill progress line, which starts the next {@link #PROGRESS_EVERY} */
    record Line(String phase, String text, boolean progress) {
    }

    private StatusChanges() {
    }

    /** @param old the status last seen, null before the first */
    static List<Line> between(OwnershipMigrationStatus old, OwnershipMigrationStatus now, Duration sinceProgressLine) {
        List<Line> lines = new ArrayList<>();
        if (now == null || now.phase == null) {
            return lines;
        }
        Optional<Condition> state = state(now);
        if (old == null || !Objects.equals(old.phase, now.phase) || !Objects.equals(state(old).map(Condition::getReason),
                state.map(Condition::getReason))) {
            lines.add(new Line(now.phase, state.map(c -> said(c, now.phase)).orElse(""), false));
        }
        if (now.waitingFor != null && (old == null || !now.waitingFor.equals(old.waitingFor))) {
            lines.add(new Line(now.phase, "waiting for another migrator of this database (" + now.waitingFor + ")", false));
        }
        boolean progressDue = sinceProgressLine.compareTo(PROGRESS_EVERY) >= 0;
        for (TargetProgress p : Optional.ofNullable(now.progress).orElse(List.of())) {
            Optional<TargetProgress> before = old == null ? Optional.empty() : Optional.ofNullable(old.progress)
                    .flatMap(ps -> ps.stream().filter(o -> Objects.equals(o.target, p.target)).findFirst());
            target(now.phase, p, before, progressDue).ifPresent(lines::add);
        }
        return lines;
    }

    /** A step started or ended, the backfill began to wait, or (when due) it moved; the last is a progress line. */
    private static Optional<Line> target(String phase, TargetProgress p, Optional<TargetProgress> before,
                                         boolean progressDue) {
        if (p.step == null) {
            return Optional.empty();
        }
        String prefix = p.target + ": " + p.step;
        String beforeStep = before.map(b -> b.step).orElse(null);
        if (!p.step.equals(beforeStep)) {
            if (p.running()) {
                return Optional.of(new Line(phase, prefix + " started", false));
            }
            // rowsDone is what the target's backfill filled: the steps after it keep it
            boolean filled = p.percentDone().isPresent() && !p.rowsDone.equals(before.map(b -> b.rowsDone).orElse(null));
            boolean seenRunning = p.step.equals(beforeStep + TargetProgress.DONE);
            // the pod publishes a step's start only when it lasts: quick catalog steps are all the rest
            return filled || seenRunning ? Optional.of(new Line(phase, prefix + (filled ? " (" + count(p.rowsDone)
                    + " rows)" : ""), false)) : Optional.empty();
        }
        if (!p.running()) {
            return Optional.empty();
        }
        if (p.throttled != null && before.map(b -> b.throttled).isEmpty()) {
            return Optional.of(new Line(phase, prefix + " waits: " + p.throttled, false));
        }
        boolean moved = !Objects.equals(p.rowsDone, before.map(b -> b.rowsDone).orElse(null));
        if (!progressDue || !moved || p.percentDone().isEmpty()) {
            return Optional.empty();
        }
        String rate = p.rateText();
        return Optional.of(new Line(phase, prefix + " " + p.percentDone().get() + "% ("
                + count(p.rowsDone) + " of " + count(p.rowsTotal) + " rows)"
                + (p.partition == null ? "" : " " + p.partition) + (rate.isEmpty() ? "" : ", " + rate), true));
    }

    private static String count(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }

    /** "Applied: ownership is in force and verified"; the reason is left out where it only repeats the phase. */
    private static String said(Condition c, String phase) {
        String message = Objects.toString(c.getMessage(), "").replace("\n", "; ");
        return c.getReason() == null || c.getReason().equals(phase) ? message : c.getReason() + ": " + message;
    }

    /** The one of Ready, Stalled, Reconciling and AwaitingApproval that is True. */
    private static Optional<Condition> state(OwnershipMigrationStatus s) {
        return Optional.ofNullable(s.conditions).flatMap(cs -> cs.stream()
                .filter(c -> "True".equals(c.getStatus()) && STATES.contains(c.getType())).findFirst());
    }
}
