package dev.ownership.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ownership.image.ImageArchive.ImageFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's image as the build wrote it (pom.xml, execution "image"): target/image/ownership-operator.tar, a
 * {@code docker save} archive made by Jib on the Debian base of hack/base-image. Read, not run: a broken image
 * (entrypoint, user, working directory, a file missing or unreadable) fails here, before any container runs it.
 */
class ImageArchiveIT {
    static final String DEPLOYMENTS = "/deployments/";
    static ImageArchive image;
    static Path app;

    @BeforeAll
    static void readTheArchive() throws IOException {
        image = ImageArchive.read(Path.of(System.getProperty("image.archive", "target/image/ownership-operator.tar")));
        app = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).getParent();
    }

    @Test
    void isTheImageThatDeployAndTheChartRun() throws IOException {
        String name = System.getProperty("image.name");
        assertThat(image.repoTags()).containsExactly(name);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String deployed = yaml.readTree(Path.of("deploy/base/deployment.yaml").toFile())
                .at("/spec/template/spec/containers/0/image").asText();
        assertThat(repository(name)).isEqualTo(repository(deployed))
                .isEqualTo(yaml.readTree(Path.of("helm/ownership-operator/values.yaml").toFile()).at("/image/repository").asText());
    }

    @Test
    void runsTheJarWithTheArgumentsAsItsCommand() {
        JsonNode config = image.containerConfig();
        assertThat(strings(config.path("Entrypoint"))).containsExactly("java", "-jar", "/deployments/quarkus-run.jar");
        // the Deployment's `args: [operator]` and the Jobs' `migrate ...` are the program's arguments
        assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull()).as("Cmd: %s", config.path("Cmd"))
                .isTrue();
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(image.config().path("os").asText()).isEqualTo("linux");
    }

    @Test
    void runsAsUser185() {
        // numeric, so that runAsNonRoot can check it without reading /etc/passwd
        assertThat(image.containerConfig().path("User").asText()).isEqualTo("185");
    }

    @Test
    void findsJavaOnItsPath() {
        String path = strings(image.containerConfig().path("Env")).stream().filter(e -> e.startsWith("PATH="))
                .findFirst().orElseThrow().substring("PATH=".length());
        // /usr/bin/java is a link to /etc/alternatives/java, a link to the JDK's: each must be there
        assertThat(Stream.of(path.split(":")).map(dir -> image.resolve(dir + "/java")).flatMap(Optional::stream))
                .as("java in PATH=%s", path).anySatisfy(java -> {
                    assertThat(java.sha256()).as("%s is a regular file", java.path()).isNotNull();
                    assertThat(java.mode() & 0005).as("%s: others may read and run it", java.path()).isEqualTo(0005);
                });
    }

    @Test
    void holdsTheApplicationThisBuildPackaged() throws IOException {
        Map<String, String> packaged;
        try (Stream<Path> files = Files.walk(app)) {
            packaged = files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals("quarkus-app-dependencies.txt"))
                    .collect(Collectors.toMap(file -> DEPLOYMENTS + app.relativize(file), ImageArchive::sha256));
        }
        Map<String, String> inImage = image.files().values().stream()
                .filter(file -> file.path().startsWith(DEPLOYMENTS) && file.sha256() != null)
                .collect(Collectors.toMap(ImageFile::path, ImageFile::sha256));
        assertThat(packaged).containsKey(DEPLOYMENTS + "quarkus-run.jar");
        assertThat(inImage).isEqualTo(packaged);
    }

    @Test
    void letsUser185ReadTheApplicationButNotChangeIt() {
        List<ImageFile> application = image.files().values().stream()
                .filter(file -> file.path().startsWith(DEPLOYMENTS)).toList();
        assertThat(application).isNotEmpty().allSatisfy(file -> {
            // owned by root and readable by all: the read-only root file system is no surprise to the program
            assertThat(file.uid()).as(file.path()).isZero();
            assertThat(file.mode() & 0444).as(file.path()).isEqualTo(0444);
            assertThat(file.mode() & 0022).as(file.path()).isZero();
            if (file.isDirectory()) {
                assertThat(file.mode() & 0111).as(file.path()).isEqualTo(0111);
            }
        });
    }

    private static String repository(String image) {
        return image.substring(0, image.lastIndexOf(':'));
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asText()));
        return strings;
    }
}
