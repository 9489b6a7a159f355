package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.FleetObservations;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.Outcome;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;

/** Simulated fleets for the ITs, and the checks made on what their agents saw and ran. */
final class Fleets {

    /** Long polls of 10 s: a held poll is woken by a command long before it would end by itself. */
    static final int POLL_WAIT_SECONDS = 10;
    /** Short retry pauses: agents come back within about 2 s of a replica's return. */
    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));

    private Fleets() {
    }

    /** Agents named {@code <prefix>0001}... polling {@code baseUrl}, dealt over the activations. */
    static FleetSimulator fleet(URI baseUrl, List<FleetSimulator.Activation> activations, int agents, String prefix,
            OutcomeModel outcomes) {
        return FleetSimulator.builder(baseUrl)
                .activations(activations)
                .agents(agents)
                .hostnamePrefix(prefix)
                .pollWaitSeconds(POLL_WAIT_SECONDS)
                .outcomes(outcomes)
                .backoff(BACKOFF)
                .registrationConcurrency(16)
                .build();
    }

    static List<SimulatedAgent> agents(List<FleetSimulator> fleets) {
        List<SimulatedAgent> all = new ArrayList<>();
        fleets.forEach(fleet -> all.addAll(fleet.agents()));
        return all;
    }

    static Set<String> instanceIds(List<FleetSimulator> fleets) {
        Set<String> ids = new TreeSet<>();
        agents(fleets).forEach(agent -> ids.add(agent.instanceId()));
        return ids;
    }

    /**
     * How many commands have a final report (not IN_PROGRESS) the service has acknowledged: answered ACCEPTED=true,
     * or REASON=duplicate when the first answer died with a killed process after its commit and the agent sent it
     * again (the fleet's accepted-final count misses those).
     */
    static long acknowledgedFinals(List<FleetSimulator> fleets) {
        long count = 0;
        for (FleetSimulator fleet : fleets) {
            for (SimulatedAgent agent : fleet.agents()) {
                for (String commandId : agent.executions().keySet()) {
                    if (fleet.observations().reports(commandId).stream().anyMatch(Fleets::acknowledgedFinal)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static boolean acknowledgedFinal(FleetObservations.Report report) {
        return !Outcome.IN_PROGRESS.equals(report.status()) && report.httpStatus() == 200
                && (Boolean.TRUE.equals(report.accepted()) || "duplicate".equals(report.reason()));
    }

    /** Distinct commands the agents received. */
    static long commandsReceived(List<FleetSimulator> fleets) {
        return fleets.stream().mapToLong(fleet -> fleet.observations().commandsReceived()).sum();
    }

    /**
     * Every agent started exactly one command's scripts, once: no target ran twice, whether the same command id came
     * again or the service issued it a second command.
     */
    static void assertEachRanOnce(List<FleetSimulator> fleets) {
        Map<String, Map<String, Integer>> wrong = new TreeMap<>();
        Set<String> commands = new TreeSet<>();
        for (SimulatedAgent agent : agents(fleets)) {
            Map<String, Integer> executions = agent.executions();
            commands.addAll(executions.keySet());
            if (executions.size() != 1 || !executions.values().iterator().next().equals(1)) {
                wrong.put(agent.hostname(), executions);
            }
        }
        assertThat(wrong).as("agents whose executions (command id -> times run) are not exactly one run").isEmpty();
        assertThat(commands).as("distinct commands run").hasSize(agents(fleets).size());
    }

    /** Every agent received its command exactly once: one delivery, never a redelivery, nothing dropped. */
    static void assertEachReceivedOnce(List<FleetSimulator> fleets) {
        Map<String, Integer> wrong = new TreeMap<>();
        for (SimulatedAgent agent : agents(fleets)) {
            if (agent.receipts().size() != 1) {
                wrong.put(agent.hostname(), agent.receipts().size());
            }
        }
        assertThat(wrong).as("agents that did not receive exactly one command delivery (hostname -> receipts)")
                .isEmpty();
    }

    /** Deliveries of a command to an agent that had already received it (a lease ran out before its IN_PROGRESS). */
    static long redeliveries(List<FleetSimulator> fleets) {
        return agents(fleets).stream()
                .mapToLong(agent -> agent.receipts().stream().filter(receipt -> receipt.delivery() > 1).count())
                .sum();
    }

    /** The fleets' summary lines and the redelivery count, for the test's output. */
    static String summary(List<FleetSimulator> fleets) {
        StringBuilder text = new StringBuilder();
        fleets.forEach(fleet -> text.append(fleet.observations().summary()).append('\n'));
        long duplicates = 0;
        for (FleetSimulator fleet : fleets) {
            for (SimulatedAgent agent : fleet.agents()) {
                for (String commandId : agent.executions().keySet()) {
                    duplicates += fleet.observations().reports(commandId).stream()
                            .filter(report -> "duplicate".equals(report.reason())).count();
                }
            }
        }
        text.append("redeliveries=").append(redeliveries(fleets)).append(" duplicate-reports=").append(duplicates)
                .append('\n');
        return text.toString();
    }
}
