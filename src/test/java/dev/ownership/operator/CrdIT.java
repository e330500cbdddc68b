package dev.ownership.operator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed CRD is the one the build generates from the Java classes (run after package). */
class CrdIT {
    static final String CRD = "ownershipmigrations.ownership.dev-v1.yml";

    @Test
    void committedCrdMatchesTheGeneratedOne() throws IOException {
        String generated = Files.readString(Path.of("target", "kubernetes", CRD));
        assertThat(Files.readString(Path.of("crds", CRD)))
                .as("crds/%s is stale: cp target/kubernetes/%s crds/", CRD, CRD).isEqualTo(generated);
    }
}
