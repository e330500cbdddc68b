package dev.ownership.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The documents of an example file as generic resources: every field as written, none dropped by a Java
 * model, so that the API server sees exactly what {@code kubectl apply -f} would send.
 */
public final class ExampleResources {
    public static final String SECRET = "Secret";
    public static final String MIGRATION = "OwnershipMigration";
    /** The keys the examples' Secrets hold; the operator reads them by these default names. */
    public static final List<String> SECRET_KEYS = List.of("jdbcUrl", "username", "password");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ExampleResources() {
    }

    public static List<GenericKubernetesResource> parse(String yaml) {
        try {
            return YAML.readerFor(GenericKubernetesResource.class).<GenericKubernetesResource>readValues(yaml)
                    .readAll().stream().filter(Objects::nonNull).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Secret's {@code stringData}, where the examples keep their placeholders. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> stringData(GenericKubernetesResource secret) {
        Object data = secret.getAdditionalProperties().get("stringData");
        return data instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The Secret with its placeholders replaced by a connection to this database (other kinds unchanged). */
    public static GenericKubernetesResource pointedAt(GenericKubernetesResource resource, String jdbcUrl,
                                                      String username, String password) {
        if (!SECRET.equals(resource.getKind())) {
            return resource;
        }
        Map<String, Object> data = new LinkedHashMap<>(stringData(resource));
        data.put("jdbcUrl", jdbcUrl);
        data.put("username", username);
        data.put("password", password);
        resource.getAdditionalProperties().put("stringData", data);
        return resource;
    }
}
