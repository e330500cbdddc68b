package dev.ownership.cli;

import dev.ownership.demo.DemoScenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command, the cluster demo, from the packaged program: {@code demo --exit} starts PostgreSQL,
 * the control plane and the operator, gets every example Ready, and stops all it started.
 */
@Tag("cluster")
class DemoClusterIT {
    static final Path WORK_DIR = Path.of("target", "demo-cluster").toAbsolutePath();

    @Test
    void everyExampleBecomesReadyAndNothingOutlivesTheDemo() throws Exception {
        Path log = Files.createDirectories(WORK_DIR).resolve("demo.log");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"),
                "demo", "--exit", "--videos", "2000", "--work-dir", WORK_DIR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(demo.waitFor(15, TimeUnit.MINUTES)).as("the demo ends within 15 minutes; its output: " + log).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(demo.exitValue()).as(out).isZero();
        Matcher kubeconfig = Pattern.compile("(?m)^KUBECONFIG=(\\S+)$").matcher(out);
        assertThat(kubeconfig.find()).as(out).isTrue();
        assertThat(Path.of(kubeconfig.group(1))).exists();
        assertThat(out).contains("kubectl: ").contains("kubectl -n ownership-demo get ownershipmigrations");
        for (DemoScenario scenario : DemoScenario.values()) {
            assertThat(out).as(out).containsPattern("(?m)^  \\S+  " + scenario.example() + " +Ready +Applied: ");
        }
        String story = out.substring(out.indexOf("Status of the OwnershipMigrations"), out.indexOf("\nKUBECONFIG="));
        assertThat(story.lines().filter(l -> l.matches("  \\d\\d:\\d\\d:\\d\\d  .*")).count())
                .as("a line per change that matters, not per poll or per quick step: " + story).isBetween(9L, 45L);
        assertThat(story).as("the videos' backfill, told once").containsOnlyOnce("public.videos.user_id: backfill done");
        String table = story.substring(story.indexOf("All 3 examples are Ready"));
        assertThat(table).as("it ends with kubectl get om").contains("\n$ kubectl -n ownership-demo get om\nNAME ");
        for (DemoScenario scenario : DemoScenario.values()) {
            assertThat(table).containsPattern("(?m)^" + scenario.example() + " .*\\bTrue +Ready +done$");
        }
        assertThat(table).as("the end of a migrator's log, through the node's kubelet port")
                .containsPattern("\n\\$ kubectl -n ownership-demo logs job/photos-owner-apply-g1 --tail=3\n(.*\n){2}"
                        + "apply of photos-owner finished: ");
        assertThat(out).contains("  kubectl -n ownership-demo logs job/videos-owner-apply-g1 ");
        assertThat(leftovers()).as("processes the demo started and left running").isEmpty();
    }

    /** Processes pointed at the demo's work directory: the controller-manager reads its kubeconfig there. */
    static List<String> leftovers() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(WORK_DIR.toString()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }
}
