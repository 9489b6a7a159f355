package dev.distributor.simulator;

import java.util.Map;

/**
 * A command as the poll delivered it; only the keys the simulation uses are typed, all of them are kept.
 *
 * @param id COMMAND_ID
 * @param action INSTALL or UNINSTALL
 * @param packageName PACKAGE
 * @param version VERSION
 * @param timeoutSeconds TIMEOUT_SECONDS (0 when absent)
 * @param leaseSeconds LEASE_SECONDS (0 when absent)
 * @param values every key of the answer
 */
public record AgentCommand(String id, String action, String packageName, String version, int timeoutSeconds,
        int leaseSeconds, Map<String, String> values) {

    static AgentCommand from(Map<String, String> values) {
        String id = values.get("COMMAND_ID");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a 200 answer to a poll without COMMAND_ID: " + values);
        }
        return new AgentCommand(id, values.getOrDefault("ACTION", ""), values.getOrDefault("PACKAGE", ""),
                values.getOrDefault("VERSION", ""), intOrZero(values.get("TIMEOUT_SECONDS")),
                intOrZero(values.get("LEASE_SECONDS")), values);
    }

    public boolean isUninstall() {
        return "UNINSTALL".equals(action);
    }

    private static int intOrZero(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
