package dev.ownership.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Leader election for more than one replica, off by default: QOSDK uses this bean when it is not null.
 * Only the leader reconciles; the others wait on the Lease and take over within its duration.
 */
@Dependent
public class LeaderElection {
    static final String LEASE = "ownership-operator";

    @Produces
    @Dependent
    LeaderElectionConfiguration configuration(
            @ConfigProperty(name = "ownership.operator.leader-election.enabled") boolean enabled,
            @ConfigProperty(name = "ownership.operator.leader-election.namespace") Optional<String> namespace) {
        // null means "no leader election"; an empty namespace lets JOSDK use the client's (in-cluster) namespace
        return enabled ? new LeaderElectionConfiguration(LEASE, namespace.filter(n -> !n.isBlank()).orElse(null))
                : null;
    }
}
