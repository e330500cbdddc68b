package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The status a decision leads to: a pure function of the old status, the decision and the time. */
public final class StatusUpdate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATES = Arrays.stream(Decision.State.values()).map(st -> st.condition)
            .collect(Collectors.toSet());

    private StatusUpdate() {
    }

    public static OwnershipMigrationStatus next(OwnershipMigration om, Decision d, Instant now) {
        OwnershipMigrationStatus old = Optional.ofNullable(om.getStatus()).orElseGet(OwnershipMigrationStatus::new);
        long generation = om.getMetadata().getGeneration();
        boolean newGeneration = old.observedGeneration == null || old.observedGeneration != generation;
        OwnershipMigrationStatus s = new OwnershipMigrationStatus();
        s.observedGeneration = generation;
        s.phase = d.phase();
        s.job = d.job().orElse(null);
        s.plan = d.plan().map(p -> plan(p, generation)).orElse(null);
        s.progressSummary = summary(d, old);
        s.startedAt = newGeneration ? now.toString() : Optional.ofNullable(old.startedAt).orElse(now.toString());
        boolean finished = d.state() == Decision.State.DONE || d.state() == Decision.State.STALLED;
        s.finishedAt = !finished ? null : newGeneration || old.finishedAt == null ? now.toString() : old.finishedAt;
        // progress and waitingFor stay unset: the migrator pod owns them (its own field manager)
        s.lastRetry = Progression.retryToken(om).orElse(null); // a retry value seen once is spent
        List<String> recorded = newGeneration ? null : old.completed;
        s.completed = d.completed().map(steps -> Arrays.stream(Action.values()).filter(steps::contains)
                .map(a -> a.verb).toList()).filter(l -> !l.isEmpty()).orElse(d.completed().isPresent() ? null : recorded);
        List<Condition> c = new ArrayList<>(old.conditions == null ? List.of()
                : old.conditions);
        boolean done = d.state() == Decision.State.DONE;
        c = Conditions.set(c, Conditions.READY, done, d.reason(), d.message(), generation, now);
        c = Conditions.set(c, Conditions.RECONCILING, d.state() == Decision.State.PROGRESSING, d.reason(), d.message(),
                generation, now);
        c = Conditions.set(c, Conditions.STALLED, d.state() == Decision.State.STALLED, d.reason(), d.message(),
                generation, now);
        c = Conditions.set(c, Conditions.PLANNED, d.plan().isPresent(), d.plan().isPresent() ? "PlanReady" : "Planning",
                d.plan().map(StatusUpdate::planned).orElse("no plan yet for this generation"), generation, now);
        boolean waiting = d.state() == Decision.State.WAITING;
        c = Conditions.set(c, Conditions.AWAITING_APPROVAL, waiting, waiting ? d.reason() : "NotAwaitingApproval",
                waiting ? d.message() : "", generation, now);
        s.conditions = c;
        return s;
    }

    /** The reason of the condition that is True among Ready, Reconciling, Stalled and AwaitingApproval. */
    static Optional<String> reason(OwnershipMigrationStatus s) {
        return Optional.ofNullable(s.conditions).flatMap(cs -> cs.stream()
                .filter(c -> "True".equals(c.getStatus()) && STATES.contains(c.getType())).findFirst())
                .map(Condition::getReason);
    }

    /** Nothing the operator writes changed: no patch (the pod's own fields are not the operator's to compare). */
    static boolean unchanged(OwnershipMigrationStatus before, OwnershipMigrationStatus next) {
        return before != null && JSON.valueToTree(operatorFields(before)).equals(JSON.valueToTree(operatorFields(next)));
    }

    private static OwnershipMigrationStatus operatorFields(OwnershipMigrationStatus s) {
        OwnershipMigrationStatus copy = JSON.convertValue(s, OwnershipMigrationStatus.class);
        copy.progress = null;
        copy.waitingFor = null;
        return copy;
    }

    private static OwnershipMigrationStatus.PlanStatus plan(MigratorReport report, long generation) {
        OwnershipMigrationStatus.PlanStatus p = new OwnershipMigrationStatus.PlanStatus();
        p.hash = report.planHash();
        p.generation = generation;
        p.pendingSteps = report.pendingSteps();
        p.rowsToBackfill = report.rowsToBackfill();
        p.targets = report.targets();
        p.configMap = report.planConfigMap();
        return p;
    }

    /** The Planned condition's message: the hash, and where a reviewer reads the plan before approving it. */
    static String planned(MigratorReport report) {
        return "plan " + report.planHash() + Optional.ofNullable(report.planConfigMap())
                .map(cm -> ", its text in ConfigMap " + cm + ": " + PlanConfigMap.readCommand(cm)).orElse("");
    }

    private static String summary(Decision d, OwnershipMigrationStatus old) {
        return switch (d.state()) {
            case DONE -> "done";
            case STALLED -> "failed";
            case WAITING -> "awaiting approval";
            // only apply and revert pods report; during plan and verify the last run's report would mislead
            case PROGRESSING -> "WaitingForSlot".equals(d.reason()) ? "waiting for a migrator slot"
                    : d.phase().toLowerCase() + (d.job().isPresent()
                    && Action.ofPhase(d.phase()).filter(Action::changesDatabase).isPresent() ? live(old) : "");
        };
    }

    /**
     * What the running Job's pod reported: the migrator it waits for, else the target it works on
     * ("videos backfill 42% 31k rows/s, ~2m left", or why its backfill waits), with the partitions of a
     * partitioned target after the percentage.
     */
    private static String live(OwnershipMigrationStatus reported) {
        if (reported.waitingFor != null) {
            return ": waiting for another migrator of this database (" + reported.waitingFor + ")";
        }
        List<OwnershipMigrationStatus.TargetProgress> progress = reported.progress;
        if (progress == null || progress.isEmpty()) {
            return "";
        }
        OwnershipMigrationStatus.TargetProgress p = progress.stream()
                .filter(OwnershipMigrationStatus.TargetProgress::running).reduce((a, b) -> b)
                .orElse(progress.get(progress.size() - 1));
        String rate = p.rateText();
        return ": " + p.target + " " + p.step + p.percentDone().map(n -> " " + n + "%").orElse("")
                + (p.partition == null ? "" : " " + p.partition) + (rate.isEmpty() ? "" : " " + rate);
    }
}
