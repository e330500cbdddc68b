package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.testing.kube.NodeFiles;
import dev.ownership.testing.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looks for the database password everywhere it must never be: the resources and their status, events,
 * Jobs and pods (with their termination messages), every file the node kept of the pods (logs,
 * termination message files) and the operator's log.
 */
final class SecretScan {
    private SecretScan() {
    }

    static void assertNoPassword(TestNamespace ns, RunningOperator operator) {
        Map<String, String> places = new LinkedHashMap<>();
        json(places, ns.client().resources(OwnershipMigration.class).list().getItems());
        json(places, ns.client().v1().events().list().getItems());
        json(places, ns.client().batch().v1().jobs().list().getItems());
        json(places, ns.client().pods().list().getItems());
        Path node = NodeFiles.namespace(ns.name());
        try (Stream<Path> files = Files.walk(node)) {
            files.filter(Files::isRegularFile).forEach(f -> places.put(f.toString(), read(f)));
            places.put("operator log", operator.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(places.keySet()).as("the scan saw pod logs and termination messages")
                .anyMatch(p -> p.endsWith(".log")).anyMatch(p -> p.contains("termination"));
        assertThat(places.values()).as("events and statuses were scanned").anyMatch(t -> t.contains("Applied"));
        places.forEach((where, text) -> assertThat(text).as(where).doesNotContain(ClusterMigrations.PASSWORD));
    }

    private static void json(Map<String, String> places, List<? extends HasMetadata> objects) {
        objects.forEach(o -> places.put(o.getKind() + " " + o.getMetadata().getName(), Serialization.asJson(o)));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
