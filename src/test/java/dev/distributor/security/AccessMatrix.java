package dev.distributor.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call what: the permission every GraphQL root field and every REST route needs. {@link AuthorizationMatrixTest}
 * checks the running service against it (and fails on an operation missing here), and writes it into docs/SECURITY.md.
 * An operation's key is {@code Type.field} for GraphQL and {@code METHOD /path} for REST.
 */
public final class AccessMatrix {

    /** What one operation needs. */
    public enum Rule {
        VIEW(Permission.VIEW), PUBLISH(Permission.PUBLISH), DEPLOY(Permission.DEPLOY), ADMIN(Permission.ADMIN),
        /** Anyone, with or without a token (the agent's install files). */
        PUBLIC(null),
        /** Anyone without a token or with a valid one, whatever its roles; a token failing verification is rejected. */
        ANY_CALLER(null);

        private final Permission permission;

        Rule(Permission permission) {
            this.permission = permission;
        }

        /** Whether a caller holding {@code role} may call an operation with this rule. */
        public boolean allows(Role role) {
            return permission == null || role.grants().contains(permission);
        }
    }

    /** One operation and the rule it is held to. */
    public record Entry(String operation, Rule rule) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        view("Query.deployment");
        view("Query.deployments");
        view("Query.fileSelection");
        view("Query.package");
        view("Query.packages");
        view("Query.plan");
        view("Query.platforms");
        view("Query.rollout");
        view("Query.target");
        view("Query.targets");
        add("Query.auditEvents", Rule.ADMIN);
        // Who the caller is: answered to anyone (an anonymous caller learns it holds nothing).
        add("Query.viewer", Rule.ANY_CALLER);

        add("Mutation.createPackage", Rule.PUBLISH);
        add("Mutation.createSimplePackage", Rule.PUBLISH);
        add("Mutation.requestArtifactUpload", Rule.PUBLISH);
        add("Mutation.addPackageVersion", Rule.PUBLISH);
        add("Mutation.publishVersion", Rule.PUBLISH);
        add("Mutation.deprecateVersion", Rule.PUBLISH);
        add("Mutation.setDefaultVersion", Rule.PUBLISH);
        add("Mutation.deleteVersion", Rule.PUBLISH);
        add("Mutation.deletePackage", Rule.PUBLISH);
        add("Mutation.publishToAwsDistributor", Rule.PUBLISH);

        add("Mutation.createDeployment", Rule.DEPLOY);
        add("Mutation.startRollout", Rule.DEPLOY);
        add("Mutation.approveWave", Rule.DEPLOY);
        add("Mutation.pauseRollout", Rule.DEPLOY);
        add("Mutation.resumeRollout", Rule.DEPLOY);
        add("Mutation.retryFailed", Rule.DEPLOY);
        add("Mutation.cancelRollout", Rule.DEPLOY);
        add("Mutation.rollback", Rule.DEPLOY);
        add("Mutation.pauseSchedule", Rule.DEPLOY);
        add("Mutation.resumeSchedule", Rule.DEPLOY);

        add("Mutation.createActivation", Rule.ADMIN);
        add("Mutation.revokeActivation", Rule.ADMIN);
        add("Mutation.tagTargets", Rule.ADMIN);
        add("Mutation.untagTargets", Rule.ADMIN);
        add("Mutation.deregisterTarget", Rule.ADMIN);
        add("Mutation.rotateAgentToken", Rule.ADMIN);

        view("Subscription.rolloutProgress");
        view("Subscription.targetEvents");

        add("POST /api/packages/{name}/bundles", Rule.PUBLISH);
        add("POST /api/packages/{name}/versions", Rule.PUBLISH);
        add("GET /api/packages/{name}/versions/{version}/bundle", Rule.VIEW);
        add("GET /api/audit", Rule.ADMIN);

        add("GET /api/console/settings", Rule.PUBLIC);
        add("GET /agent/install.sh", Rule.PUBLIC);
        add("GET /agent/distributor-agent.sh", Rule.PUBLIC);
        add("GET /agent/distributor-agent.service", Rule.PUBLIC);
    }

    private AccessMatrix() {
    }

    /** Every operation, in the table's order (reads, then packages, deployments, the fleet; GraphQL, then REST). */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    public static Entry entry(String operation) {
        return ENTRIES.get(operation);
    }

    /** The table as docs/SECURITY.md shows it. */
    public static String markdown() {
        List<Role> roles = List.of(Role.values());
        List<String> lines = new ArrayList<>();
        lines.add("| Operation | Permission | " + roles.stream().map(Role::claimValue)
                .collect(Collectors.joining(" | ")) + " |");
        lines.add("|---|---|" + "---|".repeat(roles.size()));
        for (Entry entry : ENTRIES.values()) {
            lines.add("| `" + entry.operation() + "` | " + entry.rule() + " | " + roles.stream()
                    .map(role -> entry.rule().allows(role) ? "✓" : "—").collect(Collectors.joining(" | ")) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    /** Operations of this kind: GraphQL root fields start with the type name, REST routes with the method. */
    public static Set<String> operationsStartingWith(String prefix) {
        return ENTRIES.keySet().stream().filter(key -> key.startsWith(prefix)).collect(Collectors.toSet());
    }

    private static void view(String operation) {
        add(operation, Rule.VIEW);
    }

    private static void add(String operation, Rule rule) {
        ENTRIES.put(operation, new Entry(operation, rule));
    }
}
