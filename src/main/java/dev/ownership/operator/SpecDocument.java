package dev.ownership.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.OwnershipMigration;

/** The resource as the document {@code migrate} reads: apiVersion, kind, name and spec, nothing else. */
final class SpecDocument {
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private SpecDocument() {
    }

    static JsonNode of(OwnershipMigration om) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", MigrationDocumentReader.API_VERSION);
        doc.put("kind", MigrationDocumentReader.KIND);
        doc.putObject("metadata").put("name", om.getMetadata().getName())
                .put("namespace", om.getMetadata().getNamespace());
        doc.set("spec", JSON.valueToTree(om.getSpec()));
        return doc;
    }

    static String json(OwnershipMigration om) {
        return of(om).toString();
    }
}
