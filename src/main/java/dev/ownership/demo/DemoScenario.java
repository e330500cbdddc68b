package dev.ownership.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The demo's scenarios: each example of examples/ (a Secret and an OwnershipMigration) with the schema and
 * data it migrates. Shared by the demo and the tests.
 */
public enum DemoScenario {
    /** The first seed: uuid users, 30 bookmark lists (a third owned by alice), {@code videos} videos. */
    VIDEOS("videos-owner", "seed1.sql"),
    /** The second seed: numeric users, owner columns that exist and are partly NULL. */
    MEDIA("media-owner", "seed2.sql"),
    /** Owners from parent tables: albums, their photos, the photos' comments and print orders. */
    PHOTOS("photos-owner", "photos.sql");

    private static final String DIR = "/dev/ownership/demo/";

    private final String example;
    private final String schema;

    DemoScenario(String example, String schema) {
        this.example = example;
        this.schema = schema;
    }

    /** The name of the example file (without .yaml), of its OwnershipMigration and of the demo's database. */
    public String example() {
        return example;
    }

    /** The example's YAML documents, as in examples/ (the build copies them into the program). */
    public String exampleYaml() {
        return resource("examples/" + example + ".yaml");
    }

    /** The schema and data, with {@code videos} videos where the scenario has videos. */
    public String schema(int videos) {
        return resource(schema).replace(":videos", Integer.toString(videos));
    }

    public static DemoScenario ofExample(String example) {
        for (DemoScenario scenario : values()) {
            if (scenario.example.equals(example)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("No demo scenario for example " + example
                + ": add one to DemoScenario with the schema it migrates");
    }

    private static String resource(String name) {
        try (InputStream in = DemoScenario.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(DIR + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
