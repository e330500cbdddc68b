package dev.ownership.demo;

import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;
import dev.ownership.demo.StatusChanges.Line;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusChangesTest {
    private static final Duration LONG_AGO = StatusChanges.PROGRESS_EVERY;
    private static final Duration JUST_NOW = Duration.ofSeconds(1);
    private static final String VIDEOS = "public.videos.user_id";

    @Test
    void aPhaseIsToldOnceWithTheMessageAndTheReasonWhereItSaysMore() {
        OwnershipMigrationStatus planning = status("Planning", "Reconciling", "Planning", "starting the plan Job");
        OwnershipMigrationStatus running = status("Planning", "Reconciling", "Planning", "Job om-plan-g1 is running");
        OwnershipMigrationStatus ready = status("Ready", "Ready", "Applied", "ownership is in force and verified");

        assertThat(texts(StatusChanges.between(null, planning, LONG_AGO))).containsExactly("Planning|starting the plan Job");
        assertThat(StatusChanges.between(planning, running, LONG_AGO)).as("the same phase for the same reason").isEmpty();
        assertThat(texts(StatusChanges.between(running, ready, LONG_AGO)))
                .containsExactly("Ready|Applied: ownership is in force and verified");
    }

    @Test
    void aNewReasonInTheSamePhaseIsALine() {
        OwnershipMigrationStatus waiting = status("Applying", "Reconciling", "WaitingForSlot", "waiting for a free slot");
        OwnershipMigrationStatus applying = status("Applying", "Reconciling", "Applying", "Job om-apply-g1 is running");
        OwnershipMigrationStatus stalled = status("Failed", "Stalled", "JobFailed", "line one\nline two");

        assertThat(texts(StatusChanges.between(waiting, applying, LONG_AGO)))
                .containsExactly("Applying|Job om-apply-g1 is running");
        assertThat(texts(StatusChanges.between(applying, stalled, LONG_AGO)))
                .containsExactly("Failed|JobFailed: line one; line two");
    }

    @Test
    void aStepStartingAndEndingAreLinesAndAStepAlreadyDoneIsNotToldAgain() {
        OwnershipMigrationStatus none = applying();
        OwnershipMigrationStatus started = applying(progress(VIDEOS, "backfill", 0, 100_000, null));
        OwnershipMigrationStatus done = applying(progress(VIDEOS, "backfill done", 100_000, 100_000, null));

        assertThat(texts(StatusChanges.between(none, started, JUST_NOW)))
                .containsExactly("Applying|public.videos.user_id: backfill started");
        assertThat(texts(StatusChanges.between(started, done, JUST_NOW)))
                .containsExactly("Applying|public.videos.user_id: backfill done (100,000 rows)");
        assertThat(StatusChanges.between(done, applying(progress(VIDEOS, "backfill done", 100_000, 100_000, null)),
                LONG_AGO)).isEmpty();
    }

    @Test
    void aQuickStepSeenOnlyOnceDoneIsNotALineUnlessItFilledRows() {
        OwnershipMigrationStatus triggered = applying(progress(VIDEOS, "create-fill-trigger done", 0, 0, null));
        OwnershipMigrationStatus filled = applying(progress(VIDEOS, "backfill done", 100_000, 100_000, null));
        OwnershipMigrationStatus indexed = applying(progress(VIDEOS, "create-index done", 100_000, 100_000, null));

        assertThat(StatusChanges.between(applying(), triggered, LONG_AGO)).isEmpty();
        assertThat(texts(StatusChanges.between(triggered, filled, JUST_NOW)))
                .containsExactly("Applying|public.videos.user_id: backfill done (100,000 rows)");
        assertThat(StatusChanges.between(filled, indexed, LONG_AGO)).as("the backfill's rows, kept by the steps after it")
                .isEmpty();
    }

    @Test
    void aStepSeenRunningIsClosedByItsEndWithoutTheRowsOfTheBackfillBeforeIt() {
        OwnershipMigrationStatus indexing = applying(progress(VIDEOS, "create-index", 100_000, 100_000, null));
        OwnershipMigrationStatus indexed = applying(progress(VIDEOS, "create-index done", 100_000, 100_000, null));

        assertThat(texts(StatusChanges.between(indexing, indexed, JUST_NOW)))
                .containsExactly("Applying|public.videos.user_id: create-index done");
    }

    @Test
    void backfillProgressIsALineOnlyWhenDueAndMovedWithItsRate() {
        OwnershipMigrationStatus at10 = applying(progress(VIDEOS, "backfill", 10_000, 100_000, 31_000L));
        OwnershipMigrationStatus at42 = applying(progress(VIDEOS, "backfill", 42_000, 100_000, 31_000L));

        assertThat(StatusChanges.between(at10, at42, JUST_NOW)).as("not due yet").isEmpty();
        assertThat(StatusChanges.between(at42, at42, LONG_AGO)).as("did not move").isEmpty();
        List<Line> lines = StatusChanges.between(at10, at42, LONG_AGO);
        assertThat(texts(lines)).containsExactly(
                "Applying|public.videos.user_id: backfill 42% (42,000 of 100,000 rows), 31k rows/s, ~1s left");
        assertThat(lines.get(0).progress()).as("starts the next interval").isTrue();
    }

    @Test
    void aBackfillThatBeginsToWaitIsToldAtOnceAndItsWaitThenRidesOnTheProgressLines() {
        OwnershipMigrationStatus running = applying(progress(VIDEOS, "backfill", 10_000, 100_000, 31_000L));
        TargetProgress lagging = progress(VIDEOS, "backfill", 10_000, 100_000, null);
        lagging.throttled = "waiting for replica lag 7.2s > 5s";
        TargetProgress stillLagging = progress(VIDEOS, "backfill", 12_000, 100_000, null);
        stillLagging.throttled = "waiting for replica lag 6.1s > 5s";

        List<Line> waits = StatusChanges.between(running, applying(lagging), JUST_NOW);
        assertThat(texts(waits)).containsExactly(
                "Applying|public.videos.user_id: backfill waits: waiting for replica lag 7.2s > 5s");
        assertThat(waits.get(0).progress()).isFalse();
        assertThat(StatusChanges.between(applying(lagging), applying(stillLagging), JUST_NOW)).isEmpty();
        assertThat(texts(StatusChanges.between(applying(lagging), applying(stillLagging), LONG_AGO))).containsExactly(
                "Applying|public.videos.user_id: backfill 12% (12,000 of 100,000 rows), waiting for replica lag 6.1s > 5s");
    }

    @Test
    void whomTheJobWaitsForIsToldOncePerHolder() {
        OwnershipMigrationStatus waiting = applying();
        waiting.waitingFor = "pid 42 (migrate) since 22:06:50";

        assertThat(texts(StatusChanges.between(applying(), waiting, JUST_NOW))).containsExactly(
                "Applying|waiting for another migrator of this database (pid 42 (migrate) since 22:06:50)");
        assertThat(StatusChanges.between(waiting, waiting, LONG_AGO)).isEmpty();
    }

    @Test
    void aStatusWithoutPhaseSaysNothing() {
        assertThat(StatusChanges.between(null, new OwnershipMigrationStatus(), LONG_AGO)).isEmpty();
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(l -> l.phase() + "|" + l.text()).toList();
    }

    private static OwnershipMigrationStatus applying(TargetProgress... progress) {
        OwnershipMigrationStatus s = status("Applying", "Reconciling", "Applying", "Job om-apply-g1 is running");
        s.progress = List.of(progress);
        return s;
    }

    private static OwnershipMigrationStatus status(String phase, String trueCondition, String reason, String message) {
        OwnershipMigrationStatus s = new OwnershipMigrationStatus();
        s.phase = phase;
        Condition state = new ConditionBuilder().withType(trueCondition).withStatus("True").withReason(reason)
                .withMessage(message).build();
        Condition ready = new ConditionBuilder().withType("Ready").withStatus("False").withReason(reason)
                .withMessage(message).build();
        s.conditions = trueCondition.equals("Ready") ? List.of(state) : List.of(ready, state);
        return s;
    }

    private static TargetProgress progress(String target, String step, long done, long total, Long rowsPerSecond) {
        TargetProgress p = new TargetProgress();
        p.target = target;
        p.step = step;
        p.rowsDone = done;
        p.rowsTotal = total;
        p.rowsPerSecond = rowsPerSecond;
        p.secondsLeft = rowsPerSecond == null ? null : (total - done) / rowsPerSecond;
        return p;
    }
}
