package dev.distributor.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The alert rules and the Grafana dashboard under deploy/ read only series the service exports (the catalogue of
 * docs/OBSERVABILITY.md, which MetricsTest holds against /q/metrics), and promtool accepts the rules and passes their
 * unit tests.
 */
class MonitoringFilesTest {

    static final Path ALERTS = Path.of("deploy/prometheus/alerts.yml");
    static final Path ALERT_TESTS = Path.of("deploy/prometheus/alerts.test.yml");
    static final Path DASHBOARD = Path.of("deploy/grafana/distributor-dashboard.json");

    private static final Pattern EXPR = Pattern.compile("^\\s*expr: (.+)$", Pattern.MULTILINE);
    private static final Pattern ALERT = Pattern.compile("^\\s*- alert: (\\w+)$", Pattern.MULTILINE);

    private final Catalogue catalogue = Catalogue.read();

    @Test
    void theCatalogueNamesEveryKindOfSeriesTheIssueAsksFor() {
        assertThat(catalogue.series()).contains("distributor_rollouts", "distributor_invocations_finished_total",
                "distributor_invocation_report_seconds", "distributor_wave_duration_seconds",
                "distributor_agent_polls_held", "distributor_agent_polls_total", "distributor_agents_online",
                "distributor_agent_registrations_total", "distributor_s3_call_seconds",
                "distributor_ssm_call_seconds", "distributor_events_published_total",
                "distributor_live_subscribers", "distributor_rollout_thresholds_tripped_total",
                "distributor_listen_connection_up");
    }

    @Test
    void everyAlertReadsDocumentedSeries_andTheRequiredAlertsExist() throws Exception {
        String rules = Files.readString(ALERTS);
        List<String> exprs = matches(EXPR, rules);
        assertThat(exprs).hasSameSizeAs(matches(ALERT, rules));
        for (String expr : exprs) {
            assertThat(Catalogue.namesIn(expr)).as(expr).isNotEmpty()
                    .allSatisfy(name -> assertThat(catalogue.series()).as(expr).contains(catalogue.seriesOf(name)));
        }
        assertThat(matches(ALERT, rules)).contains("DistributorRolloutThresholdTripped",
                "DistributorAgentsOnlineDropped", "DistributorNoAgentOnline", "DistributorListenConnectionDown",
                "DistributorS3Errors");
        // Every alert is documented.
        String doc = Files.readString(Catalogue.DOC);
        assertThat(matches(ALERT, rules)).allSatisfy(alert -> assertThat(doc).contains("`" + alert + "`"));
    }

    @Test
    void theDashboardParses_andEveryPanelQueriesDocumentedSeries() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("distributor");
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> exprs.add(target.path("expr").asText())));
        assertThat(exprs).hasSizeGreaterThan(10).allSatisfy(expr -> assertThat(Catalogue.namesIn(expr)).as(expr)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(catalogue.series()).as(expr).contains(catalogue.seriesOf(name))));
        // Every series of the catalogue is on the dashboard.
        String all = String.join("\n", exprs);
        assertThat(catalogue.series()).allSatisfy(series -> assertThat(all).contains(series));
    }

    /** Runs where promtool is installed (./bin/test installs Debian's prometheus package when it is missing). */
    @Test
    void promtoolAcceptsTheRules_andTheirUnitTestsPass() throws Exception {
        assumeTrue(promtool() != null, "promtool is not installed (apt-get install prometheus)");
        assertThat(run("check", "rules", ALERTS.toString())).contains("SUCCESS");
        assertThat(run("test", "rules", ALERT_TESTS.toString())).contains("SUCCESS");
    }

    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
