package dev.ownership.demo;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells the story of the OwnershipMigrations of a namespace as the operator and its migrator pods write their
 * status, a line per change that matters ({@link StatusChanges}), until all are Ready or one is Stalled.
 */
final class StatusStream implements ResourceEventHandler<OwnershipMigration> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintWriter out;
    private final Collection<String> names;
    /** Planning, Applying, Verifying, Reverting: wider ones (AwaitingApproval) push their line's text right. */
    private static final int PHASE_WIDTH = 9;
    private final Map<String, Instant> progressLineAt = new HashMap<>();
    private final Map<String, OwnershipMigration> latest = new HashMap<>();
    private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    private final int width;

    private StatusStream(PrintWriter out, Collection<String> names) {
        this.out = out;
        this.names = names;
        this.width = names.stream().mapToInt(String::length).max().orElse(0);
    }

    /** @return whether all of them became Ready (false: one is Stalled); throws TimeoutException after timeout */
    static boolean awaitReady(KubernetesClient client, String namespace, Collection<String> names, PrintWriter out,
                              Duration timeout) throws InterruptedException, TimeoutException {
        StatusStream stream = new StatusStream(out, names);
        SharedIndexInformer<OwnershipMigration> informer = client.resources(OwnershipMigration.class)
                .inNamespace(namespace).inform(stream);
        try {
            return stream.outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            informer.stop();
        }
    }

    @Override
    public void onAdd(OwnershipMigration om) {
        changed(om);
    }

    @Override
    public void onUpdate(OwnershipMigration old, OwnershipMigration om) {
        changed(om);
    }

    @Override
    public void onDelete(OwnershipMigration om, boolean deletedFinalStateUnknown) {
        outcome.completeExceptionally(new IllegalStateException(om.getMetadata().getName() + " was deleted"));
    }

    private synchronized void changed(OwnershipMigration om) {
        String name = om.getMetadata().getName();
        if (!names.contains(name) || om.getStatus() == null) {
            return;
        }
        Instant now = Instant.now();
        OwnershipMigration before = latest.put(name, om);
        Duration sinceProgress = Duration.between(progressLineAt.getOrDefault(name, Instant.EPOCH), now);
        for (StatusChanges.Line line : StatusChanges.between(before == null ? null : before.getStatus(), om.getStatus(),
                sinceProgress)) {
            out.printf("  %s  %-" + width + "s  %-" + PHASE_WIDTH + "s  %s%n", LocalTime.ofInstant(now, ZoneId.systemDefault())
                    .format(TIME), name, line.phase(), line.text());
            if (line.progress()) {
                progressLineAt.put(name, now);
            }
        }
        out.flush();
        if (stalled(om)) {
            outcome.complete(false);
        } else if (latest.size() == names.size() && latest.values().stream().allMatch(StatusStream::ready)) {
            outcome.complete(true);
        }
    }

    static boolean ready(OwnershipMigration om) {
        return is(om, "Ready");
    }

    private static boolean stalled(OwnershipMigration om) {
        return is(om, "Stalled");
    }

    /** The condition is True for the resource's current generation. */
    private static boolean is(OwnershipMigration om, String type) {
        return Objects.equals(om.getStatus().observedGeneration, om.getMetadata().getGeneration())
                && condition(om.getStatus(), type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Optional<Condition> condition(OwnershipMigrationStatus status, String type) {
        return status.conditions == null ? Optional.empty()
                : status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
