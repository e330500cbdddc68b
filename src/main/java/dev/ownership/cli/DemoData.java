package dev.ownership.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The first seed's schema and data, and its OwnershipMigration: shared by the demo and the tests. */
public final class DemoData {
    private DemoData() {
    }

    /** Users, 30 bookmark lists (a third owned by alice), and this many videos. */
    public static String seed1(int videos) {
        return resource("seed1.sql").replace(":videos", Integer.toString(videos));
    }

    public static String spec() {
        return resource("videos-owner.yaml");
    }

    private static String resource(String name) {
        try (InputStream in = DemoData.class.getResourceAsStream("/dev/ownership/demo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
