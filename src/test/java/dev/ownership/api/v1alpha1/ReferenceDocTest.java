package dev.ownership.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ownership.operator.Conditions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/reference.md documents exactly the spec and status fields of the CRD in crds/ (which CrdIT keeps
 * equal to what the API classes generate): every field of the schema has a row, and every row is a field.
 */
class ReferenceDocTest {
    static final Path DOC = Path.of("docs/reference.md");
    static final Path CRD = Path.of("crds/ownershipmigrations.ownership.dev-v1.yml");
    /** A table row about a field: | `spec.x.y` | type | ... */
    static final Pattern ROW = Pattern.compile("^\\| `((?:spec|status)\\.[^`]+)` \\| ([^|]*)\\|", Pattern.MULTILINE);

    @Test
    void everySchemaFieldIsDocumentedAndEveryDocumentedFieldExists() throws IOException {
        Map<String, String> documented = documentedFields();
        Map<String, JsonNode> schema = new LinkedHashMap<>();
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(CRD.toFile())
                .at("/spec/versions/0/schema/openAPIV3Schema/properties");
        walk("spec", root.get("spec"), schema);
        walk("status", root.get("status"), schema);

        Set<String> needed = new TreeSet<>();
        schema.forEach((path, node) -> {
            if ((!hasProperties(node) || path.endsWith("[]")) && !underKubernetesType(path, documented)) {
                needed.add(path); // leaves, lists and maps; other objects are documented through their fields
            }
        });
        assertThat(needed).hasSizeGreaterThan(60);
        Set<String> undocumented = new TreeSet<>(needed);
        undocumented.removeAll(documented.keySet());
        Set<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(schema.keySet());
        assertThat(undocumented).as("fields of %s missing from %s", CRD, DOC).isEmpty();
        assertThat(unknown).as("fields in %s that %s does not have", DOC, CRD).isEmpty();
    }

    @Test
    void everyConditionTypeIsDocumented() throws IllegalAccessException, IOException {
        String doc = Files.readString(DOC);
        for (Field f : Conditions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                assertThat(doc).contains("| `" + f.get(null) + "` |");
            }
        }
    }

    /** Every path of the schema: {@code a.b} for object properties, {@code a[]} for list items. */
    private static void walk(String path, JsonNode node, Map<String, JsonNode> paths) {
        if ("array".equals(node.path("type").asText())) {
            path += "[]";
            node = node.path("items");
        }
        paths.put(path, node);
        if (hasProperties(node)) {
            String prefix = path;
            node.get("properties").fields().forEachRemaining(p -> walk(prefix + "." + p.getKey(), p.getValue(), paths));
        }
    }

    private static boolean hasProperties(JsonNode node) {
        return node.has("properties");
    }

    /**
     * Inside a field documented as a Kubernetes API type (ResourceRequirements, list of Toleration, ...):
     * Kubernetes documents those.
     */
    private static boolean underKubernetesType(String path, Map<String, String> documented) {
        return documented.entrySet().stream().anyMatch(row -> path.startsWith(row.getKey() + ".")
                && isKubernetesType(row.getValue()));
    }

    private static boolean isKubernetesType(String type) {
        try {
            Class.forName("io.fabric8.kubernetes.api.model." + type.replaceFirst("^list of ", ""));
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Field path to the text of its type column. */
    private static Map<String, String> documentedFields() throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            fields.put(row.group(1), row.group(2).trim());
        }
        return fields;
    }
}
