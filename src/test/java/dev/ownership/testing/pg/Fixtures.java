package dev.ownership.testing.pg;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.demo.DemoScenario;
import dev.ownership.engine.model.MigrationSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The seed scenarios: their SQL as the demo loads it, their specs from src/test/resources/seeds. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Loads seed1 with this many videos. */
    public static TestDatabase seed1(int videos) {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql(DemoScenario.VIDEOS.schema(videos));
        return db;
    }

    public static TestDatabase seed2() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql(DemoScenario.MEDIA.schema(0));
        return db;
    }

    /** Events partitioned by time at three levels, 12 partitions holding {@code rows} rows (seeds/partitioned.sql). */
    public static TestDatabase partitioned(int rows) {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql(resource("partitioned.sql").replace(":rows", Integer.toString(rows)));
        return db;
    }

    public static MigrationSpec spec(String name) {
        return MigrationDocumentReader.read(path(name));
    }

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/seeds/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/seeds/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
