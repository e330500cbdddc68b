package dev.ownership.cli.kubectl;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTableTest {
    static OwnershipMigration om(String name, String phase, String summary, TargetProgress... progress) {
        OwnershipMigration om = new OwnershipMigration();
        om.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
        if (phase != null) {
            OwnershipMigrationStatus s = new OwnershipMigrationStatus();
            s.phase = phase;
            s.progressSummary = summary;
            s.progress = progress.length == 0 ? null : List.of(progress);
            om.setStatus(s);
        }
        return om;
    }

    static TargetProgress target(String target, String step, Long done, Long total, Long rate, Long left) {
        TargetProgress p = new TargetProgress();
        p.target = target;
        p.step = step;
        p.rowsDone = done;
        p.rowsTotal = total;
        p.rowsPerSecond = rate;
        p.secondsLeft = left;
        return p;
    }

    @Test
    void aBackfillShowsItsStepRowsRateAndTimeLeftSummedOverTargets() {
        StatusRow row = StatusRow.of(om("videos-owner", "Applying", "applying 24%",
                target("public.videos", "backfill", 1_200L, 5_000L, 800L, 5L),
                target("public.comments", "backfill", 300L, 1_000L, 200L, 4L),
                target("public.tags", "add column done", null, null, null, null)));

        assertThat(row).isEqualTo(new StatusRow("videos-owner", "Applying", "public.videos: backfill (+1)",
                1_500L, 6_000L, 1_000L, 5L));
    }

    @Test
    void withoutProgressTheOperatorsSummaryStandsForTheStepAndTheRestIsUnknown() {
        StatusRow row = StatusRow.of(om("orders-owner", "AwaitingApproval", "awaiting approval"));

        assertThat(row).isEqualTo(new StatusRow("orders-owner", "AwaitingApproval", "awaiting approval",
                null, null, null, null));
    }

    @Test
    void theTableIsAlignedWithDashesWhereNothingIsKnown() {
        String table = StatusTable.format(List.of(
                StatusRow.of(om("videos-owner", "Applying", "applying",
                        target("public.videos", "backfill", 1_200L, 5_000L, 12_400L, 3_725L))),
                StatusRow.of(om("new", null, null))));

        assertThat(table).isEqualTo("""
                NAME           PHASE      STEP                      ROWS                RATE    LEFT
                videos-owner   Applying   public.videos: backfill   1,200/5,000 (24%)   12k/s   1h 02m
                new            -          -                         -                   -       -
                """);
    }

    @Test
    void finishedStepsAreNotRunningSoTheirRateIsLeftOut() {
        StatusRow row = StatusRow.of(om("videos-owner", "Verifying", "verifying",
                target("public.videos", "validate done", 5_000L, 5_000L, 900L, 0L)));

        assertThat(row).isEqualTo(new StatusRow("videos-owner", "Verifying", "verifying", 5_000L, 5_000L, null, null));
    }
}
