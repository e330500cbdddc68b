package dev.ownership.operator;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator's image as this build made it (docs/install.md): the production image's layers on the Debian base
 * of hack/base-image, an archive the process node runs in runc containers.
 */
final class OperatorImage {
    private OperatorImage() {
    }

    static Path archive() {
        Path archive = Path.of(System.getProperty("image.archive", "target/image/ownership-operator.tar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("The operator's image archive " + archive + " is missing: ./mvnw verify"
                    + " builds it before the integration tests");
        }
        return archive;
    }
}
