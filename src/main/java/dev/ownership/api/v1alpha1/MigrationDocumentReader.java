package dev.ownership.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.model.MigrationSpec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the OwnershipMigration out of a YAML file (which may hold other documents too, such as its
 * Secret) and maps its spec to the engine model. Unknown spec fields are errors that name the field.
 */
public final class MigrationDocumentReader {
    public static final String API_VERSION = OwnershipMigration.GROUP + "/" + OwnershipMigration.VERSION;
    public static final String KIND = "OwnershipMigration";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private MigrationDocumentReader() {
    }

    public static MigrationSpec read(Path file) {
        try {
            return fromDocuments(file.toString(), YAML.readerFor(JsonNode.class).readValues(file.toFile()));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidSpecException(file + ": no such file");
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /** The document given as text, as the migrator Job receives it in an environment variable. */
    public static MigrationSpec read(String origin, String text) {
        try {
            return fromDocuments(origin, YAML.readerFor(JsonNode.class).readValues(text));
        } catch (IOException e) {
            throw unreadable(origin, e);
        }
    }

    private static MigrationSpec fromDocuments(String origin, MappingIterator<JsonNode> docs) {
        List<JsonNode> migrations = new ArrayList<>();
        try (docs) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && KIND.equals(doc.path("kind").asText())) {
                    migrations.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(origin, e);
        }
        if (migrations.size() != 1) {
            throw new InvalidSpecException(origin + ": holds " + migrations.size() + " documents of kind " + KIND
                    + "; exactly one is needed");
        }
        return read(migrations.get(0));
    }

    private static InvalidSpecException unreadable(String origin, Exception e) {
        Throwable cause = e instanceof RuntimeException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof JsonProcessingException j
                ? new InvalidSpecException(origin + ": not valid YAML: " + j.getOriginalMessage())
                : new InvalidSpecException(origin + ": cannot be read: " + cause.getMessage());
    }

    public static MigrationSpec read(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        if (!API_VERSION.equals(apiVersion)) {
            throw new InvalidSpecException("apiVersion: '" + apiVersion + "' is not " + API_VERSION);
        }
        String name = doc.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw new InvalidSpecException("metadata.name: required");
        }
        Optional<String> namespace = Optional.of(doc.path("metadata").path("namespace").asText(""))
                .filter(ns -> !ns.isEmpty());
        return SpecMapper.toModel(name, namespace, spec(doc.get("spec")));
    }

    private static OwnershipMigrationSpec spec(JsonNode spec) {
        if (spec == null || spec.isNull()) {
            throw new InvalidSpecException("spec: required");
        }
        try {
            return YAML.treeToValue(spec, OwnershipMigrationSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new InvalidSpecException(path(e) + ": unknown field" + (known.isEmpty() ? "" : "; known fields: " + known));
        } catch (InvalidFormatException e) {
            String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? "; one of " + Arrays.stream(e.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "))
                    : "";
            throw new InvalidSpecException(path(e) + ": '" + e.getValue() + "' is not valid" + allowed);
        } catch (JsonMappingException e) {
            throw new InvalidSpecException(path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException("spec: " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("spec");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
