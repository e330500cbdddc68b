package dev.ownership.engine.model;

import java.util.Optional;

/**
 * A table as the user named it: {@code name} or {@code schema.name}, split at the first dot, each part
 * matched exactly as PostgreSQL stores it. Without a schema it resolves through the search_path.
 */
public record TableName(Optional<String> schema, String name) {

    public static TableName parse(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? new TableName(Optional.empty(), text)
                : new TableName(Optional.of(text.substring(0, dot)), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return schema.map(s -> s + "." + name).orElse(name);
    }
}
