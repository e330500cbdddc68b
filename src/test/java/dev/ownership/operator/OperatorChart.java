package dev.ownership.operator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The operator's Helm chart (helm/ownership-operator) through Helm's own library, and what it renders. */
final class OperatorChart {
    static final Path DIR = Path.of("helm", "ownership-operator");
    static final String RELEASE = "ownership-operator";

    private OperatorChart() {
    }

    static Helm helm() {
        return new Helm(DIR);
    }

    /** {@code helm template} into this namespace, with these values (YAML) over the chart's. */
    static List<HasMetadata> render(String namespace, String values) {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(namespace);
        if (!values.isBlank()) {
            template.withValuesFile(valuesFile(values));
        }
        return parse(template.call());
    }

    static Path valuesFile(String values) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's output is a stream of YAML documents, each headed by a {@code # Source:} comment. */
    static List<HasMetadata> parse(String manifests) {
        Object parsed = Serialization.unmarshal(manifests);
        return parsed instanceof List<?> list ? list.stream().map(HasMetadata.class::cast).toList()
                : List.of((HasMetadata) parsed);
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = all(objects, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
        }
        return found.get(0);
    }

    /** The rules of a rendered PrometheusRule by alert name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> alerts(GenericKubernetesResource rule) {
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        return groups.stream().flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                .collect(Collectors.toMap(r -> (String) r.get("alert"), r -> r));
    }

    static Deployment deployment(List<HasMetadata> objects) {
        return one(objects, Deployment.class);
    }

    /**
     * What rules allow, one "group/resource:verb" per permission: equal sets are equal permissions, however the
     * rules are split, grouped or ordered.
     */
    static Set<String> permissions(Collection<PolicyRule> rules) {
        return rules.stream().flatMap(rule -> rule.getApiGroups().stream().flatMap(group -> rule.getResources()
                        .stream().flatMap(resource -> rule.getVerbs().stream()
                                .map(verb -> group + "/" + resource + ":" + verb))))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
