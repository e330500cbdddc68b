package dev.ownership.testing.pg;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * Serves the PostgreSQL archive of one major version from the binaries jar Maven copied to
 * target/pg-binaries (pom.xml), so one build can test several majors.
 */
record PostgresBinaries(int major, Path jar) implements PgBinaryResolver {

    static PostgresBinaries fromSystemProperties() {
        int major = Integer.getInteger("pg.major", 17);
        Path dir = Path.of(System.getProperty("pg.binaries.dir", "target/pg-binaries"));
        Path jar = dir.resolve("pg-" + major + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No PostgreSQL " + major + " binaries at " + jar
                    + "; run the tests through Maven (./mvnw verify), which copies them there");
        }
        return new PostgresBinaries(major, jar);
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            // zonky names the archive in lower case: postgres-linux-x86_64.txz
            var entry = zip.getEntry(("postgres-" + system + "-" + machineHardware + ".txz").toLowerCase());
            if (entry == null) {
                throw new IOException(jar + " has no binaries for " + system + "-" + machineHardware);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }
}
