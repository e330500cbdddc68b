package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** kstatus polarity, and lastTransitionTime that moves only when a condition flips. */
class StatusUpdateTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);

    static String status(OwnershipMigrationStatus s, String type) {
        return condition(s, type).getStatus();
    }

    static Condition condition(OwnershipMigrationStatus s, String type) {
        return s.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void theProgressColumnShowsWhatTheRunningPodReported() {
        OwnershipMigration om = ProgressionTest.om();
        OwnershipMigrationStatus reported = new OwnershipMigrationStatus();
        reported.progress = java.util.List.of(progress("public.lists", "backfill done", 10L, 10L),
                progress("public.videos", "backfill", 420L, 1000L), progress("public.tags", null, null, null));
        om.setStatus(reported);
        Decision applying = Decision.progressing("Applying", "Applying", "running", Optional.empty(), Optional.empty(),
                Optional.of("m-apply-g3"));
        assertThat(StatusUpdate.next(om, applying, T0).progressSummary).isEqualTo("applying: public.videos backfill 42%");
        Decision starting = Decision.progressing("Applying", "Applying", "starting", Optional.of(Action.APPLY),
                Optional.empty(), Optional.empty());
        assertThat(StatusUpdate.next(om, starting, T0).progressSummary).isEqualTo("applying");
    }

    /** The Progress column while an apply Job runs whose pod reported a backfill at 42%, 31k rows/s, 130 s left. */
    private static String backfillColumn(String target, Consumer<OwnershipMigrationStatus.TargetProgress> more) {
        OwnershipMigration om = ProgressionTest.om();
        OwnershipMigrationStatus reported = new OwnershipMigrationStatus();
        OwnershipMigrationStatus.TargetProgress p = progress(target, "backfill", 420L, 1000L);
        p.rowsPerSecond = 31_400L;
        p.secondsLeft = 130L;
        more.accept(p);
        reported.progress = java.util.List.of(p);
        om.setStatus(reported);
        Decision applying = Decision.progressing("Applying", "Applying", "running", Optional.empty(), Optional.empty(),
                Optional.of("m-apply-g3"));
        return StatusUpdate.next(om, applying, T0).progressSummary;
    }

    @Test
    void theProgressColumnSaysTheRateTimeLeftAndWhyABackfillWaits() {
        assertThat(backfillColumn("public.videos.user_id", p -> { }))
                .isEqualTo("applying: public.videos.user_id backfill 42% 31k rows/s, ~2m left");
        assertThat(backfillColumn("public.videos.user_id", p -> p.throttled = "waiting for replica lag 7.2s > 5s"))
                .isEqualTo("applying: public.videos.user_id backfill 42% waiting for replica lag 7.2s > 5s");
    }

    @Test
    void theProgressColumnNamesThePartitionsABackfillWalks() {
        String partition = "events_2024_03 +1 (3 of 12 partitions done)";
        assertThat(backfillColumn("public.events.user_id", p -> p.partition = partition))
                .isEqualTo("applying: public.events.user_id backfill 42% events_2024_03 +1 (3 of 12 partitions done)"
                        + " 31k rows/s, ~2m left");
    }

    @Test
    void theProgressColumnSaysWhomARunWaitsFor() {
        OwnershipMigration om = ProgressionTest.om();
        OwnershipMigrationStatus reported = new OwnershipMigrationStatus();
        reported.waitingFor = "session 4242, application ownership-operator, connected since 12:00:00Z";
        om.setStatus(reported);
        Decision applying = Decision.progressing("Applying", "Applying", "running", Optional.empty(), Optional.empty(),
                Optional.of("m-apply-g3"));
        assertThat(StatusUpdate.next(om, applying, T0).progressSummary)
                .isEqualTo("applying: waiting for another migrator of this database (session 4242, application"
                        + " ownership-operator, connected since 12:00:00Z)");
    }

    @Test
    void onlyWhatTheOperatorWritesCountsAsAChange() {
        OwnershipMigration om = ProgressionTest.om();
        Decision applying = Decision.progressing("Applying", "Applying", "running", Optional.empty(), Optional.empty(),
                Optional.of("m-apply-g3"));
        OwnershipMigrationStatus before = StatusUpdate.next(om, applying, T0);
        before.progress = java.util.List.of(progress("public.videos", "backfill", 1L, 2L)); // the pod's field
        om.setStatus(before);
        before.progressSummary = StatusUpdate.next(om, applying, T0).progressSummary;
        assertThat(StatusUpdate.unchanged(before, StatusUpdate.next(om, applying, T1))).isTrue();
        Decision verifying = Decision.progressing("Verifying", "Verifying", "running", Optional.empty(),
                Optional.empty(), Optional.of("m-verify-g3"));
        assertThat(StatusUpdate.unchanged(before, StatusUpdate.next(om, verifying, T1))).isFalse();
    }

    private static OwnershipMigrationStatus.TargetProgress progress(String target, String step, Long done, Long total) {
        OwnershipMigrationStatus.TargetProgress p = new OwnershipMigrationStatus.TargetProgress();
        p.target = target;
        p.step = step;
        p.rowsDone = done;
        p.rowsTotal = total;
        return p;
    }

    @Test
    void progressingThenReadyWithStableTransitionTimes() {
        OwnershipMigration om = ProgressionTest.om();
        Decision planning = Decision.progressing("Planning", "Planning", "starting", Optional.of(Action.PLAN),
                Optional.empty(), Optional.empty());
        om.setStatus(StatusUpdate.next(om, planning, T0));
        OwnershipMigrationStatus s = om.getStatus();
        assertThat(s.observedGeneration).isEqualTo(3L);
        assertThat(status(s, "Ready")).isEqualTo("False");
        assertThat(status(s, "Reconciling")).isEqualTo("True");
        assertThat(status(s, "Stalled")).isEqualTo("False");

        Decision applying = Decision.progressing("Applying", "Applying", "running", Optional.empty(), Optional.empty(),
                Optional.of("m-apply-g3"));
        om.setStatus(StatusUpdate.next(om, applying, T1));
        assertThat(condition(om.getStatus(), "Reconciling").getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(condition(om.getStatus(), "Reconciling").getReason()).isEqualTo("Applying");
        assertThat(om.getStatus().job).isEqualTo("m-apply-g3");

        Decision done = new Decision(Decision.State.DONE, "Ready", "Applied", "ok", Optional.empty(), Optional.empty(),
                Optional.empty());
        om.setStatus(StatusUpdate.next(om, done, T1.plusSeconds(1)));
        assertThat(status(om.getStatus(), "Ready")).isEqualTo("True");
        assertThat(condition(om.getStatus(), "Ready").getLastTransitionTime()).isEqualTo(T1.plusSeconds(1).toString());
        assertThat(status(om.getStatus(), "Reconciling")).isEqualTo("False");
        assertThat(om.getStatus().finishedAt).isEqualTo(T1.plusSeconds(1).toString());
        assertThat(om.getStatus().progressSummary).isEqualTo("done");
    }

    @Test
    void stalledAndWaitingAreNotReconciling() {
        OwnershipMigration om = ProgressionTest.om();
        om.setStatus(StatusUpdate.next(om, Decision.stalled("SecretNotReady", "Secret db does not exist",
                Optional.empty(), Optional.empty()), T0));
        assertThat(status(om.getStatus(), "Stalled")).isEqualTo("True");
        assertThat(condition(om.getStatus(), "Stalled").getReason()).isEqualTo("SecretNotReady");
        assertThat(status(om.getStatus(), "Reconciling")).isEqualTo("False");
        assertThat(status(om.getStatus(), "Ready")).isEqualTo("False");

        om.setStatus(StatusUpdate.next(om, new Decision(Decision.State.WAITING, "AwaitingApproval", "ApprovalRequired",
                "approve", Optional.empty(), Optional.empty(), Optional.empty()), T1));
        assertThat(status(om.getStatus(), "AwaitingApproval")).isEqualTo("True");
        assertThat(status(om.getStatus(), "Stalled")).isEqualTo("False");
        assertThat(status(om.getStatus(), "Reconciling")).isEqualTo("False");
    }
}
