package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobNamesTest {
    static OwnershipMigration named(String name, long generation) {
        OwnershipMigration om = new OwnershipMigration();
        om.getMetadata().setName(name);
        om.getMetadata().setGeneration(generation);
        return om;
    }

    @Test
    void shortNamesReadAsResourceActionGeneration() {
        assertThat(JobNames.of(named("videos-owner", 3), Action.APPLY)).isEqualTo("videos-owner-apply-g3");
    }

    @Test
    void longNamesFitALabelValueStayValidAndDistinct() {
        String a = "tenant-" + "x".repeat(80) + "-a";
        String b = "tenant-" + "x".repeat(80) + "-b";
        String jobA = JobNames.of(named(a, 12), Action.REVERT);
        assertThat(jobA).hasSizeLessThanOrEqualTo(63).endsWith("-revert-g12")
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").startsWith("tenant-xxx");
        assertThat(jobA).isNotEqualTo(JobNames.of(named(b, 12), Action.REVERT));
        assertThat(JobNames.of(named(a, 12), Action.REVERT)).as("deterministic").isEqualTo(jobA);
    }

    @Test
    void theLabelIsTheNameOrALongNameShortenedLikeTheJobs() {
        assertThat(JobNames.label(named("videos-owner", 3))).isEqualTo("videos-owner");
        String a = "tenant." + "x".repeat(240) + "-a";
        String b = "tenant." + "x".repeat(240) + "-b";
        assertThat(JobNames.label(named(a, 1))).hasSizeLessThanOrEqualTo(63)
                .matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]").startsWith("tenant.xxx")
                .isNotEqualTo(JobNames.label(named(b, 1)))
                .as("the same for every generation").isEqualTo(JobNames.label(named(a, 7)));
    }
}
