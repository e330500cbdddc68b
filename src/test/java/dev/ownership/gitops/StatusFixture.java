package dev.ownership.gitops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * OwnershipMigrations as the operator left them at the moments GitOps tools care about, recorded from a real
 * lifecycle by StatusLifecycleClusterIT (which also checks they still match what the operator writes), with
 * the verdicts Argo CD's health check and kstatus must give them.
 */
public enum StatusFixture {
    NO_STATUS("no-status", "Progressing", KStatus.Status.IN_PROGRESS),
    RECONCILING("reconciling", "Progressing", KStatus.Status.IN_PROGRESS),
    READY("ready", "Healthy", KStatus.Status.CURRENT),
    AWAITING_APPROVAL("awaiting-approval", "Suspended", KStatus.Status.IN_PROGRESS),
    STALLED("stalled", "Degraded", KStatus.Status.FAILED),
    NEW_GENERATION("new-generation", "Progressing", KStatus.Status.IN_PROGRESS);

    static final Path DIR = Path.of("src/test/resources/status-fixtures");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public final String file;
    public final String health;
    public final KStatus.Status kstatus;

    StatusFixture(String file, String health, KStatus.Status kstatus) {
        this.file = file;
        this.health = health;
        this.kstatus = kstatus;
    }

    public Path path() {
        return DIR.resolve(file + ".json");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> load() {
        try {
            return JSON.readValue(path().toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("status fixture " + path(), e);
        }
    }

    /** Keeps what the health check and kstatus read; uids, namespaces and managed fields vary per run. */
    public void record(Map<String, Object> object) {
        Map<String, Object> metadata = KStatus.map(object.get("metadata"));
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("apiVersion", object.get("apiVersion"));
        kept.put("kind", object.get("kind"));
        kept.put("metadata", Map.of("name", metadata.get("name"), "generation", metadata.get("generation")));
        if (object.get("status") != null) {
            kept.put("status", object.get("status"));
        }
        try {
            Files.createDirectories(DIR);
            Files.writeString(path(), JSON.writeValueAsString(kept) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What must not change between runs: generations, phase, summary, each condition's type, status and
     * reason, and which status fields exist (times, hashes and messages with hashes in them do change).
     */
    public static Map<String, Object> shape(Map<String, Object> object) {
        Map<String, Object> status = KStatus.map(object.get("status"));
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("generation", KStatus.number(KStatus.map(object.get("metadata")).get("generation")));
        shape.put("statusFields", new TreeSet<>(status.keySet()));
        shape.put("observedGeneration", KStatus.number(status.get("observedGeneration")));
        shape.put("phase", status.get("phase"));
        shape.put("progressSummary", status.get("progressSummary"));
        shape.put("conditions", KStatus.conditions(object).stream()
                .map(c -> List.of(c.get("type"), c.get("status"), c.get("reason"))).toList());
        return shape;
    }
}
