package dev.ownership.api.v1alpha1;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/reference.md names every spec field the API classes have, so the docs cannot drift from the code. */
class ReferenceDocTest {

    @Test
    void everySpecFieldIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/reference.md"));
        List<String> paths = new ArrayList<>();
        collect("spec", OwnershipMigrationSpec.class, paths);

        assertThat(paths).hasSizeGreaterThan(20);
        assertThat(paths).allSatisfy(p -> assertThat(doc).as("docs/reference.md").contains("`" + p + "`"));
    }

    private static void collect(String prefix, Class<?> type, List<String> paths) {
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String path = prefix + "." + f.getName();
            Class<?> fieldType = f.getType();
            if (List.class.isAssignableFrom(fieldType)) {
                fieldType = (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
                path += "[]";
            }
            if (fieldType.getPackage() == OwnershipMigrationSpec.class.getPackage() && !fieldType.isEnum()) {
                if (path.endsWith("[]")) {
                    paths.add(path);
                }
                collect(path, fieldType, paths);
            } else {
                paths.add(path);
            }
        }
    }
}
