package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes manifests and the Helm chart committed under deploy/ are exactly what {@code mvn package} generates
 * from application.properties and src/main/kubernetes (Quarkus kubernetes and helm extensions): target/kubernetes/
 * kubernetes.yml against deploy/kubernetes/kubernetes.yml, target/helm/kubernetes/distributor/** against
 * deploy/helm/distributor/**, line for line (only the order of the {@code app.kubernetes.io/*} label lines may
 * differ: {@link #withLabelRunsSorted}). After a deliberate change, refresh the copies with
 * {@code mvn -B package -DskipTests} then this IT with {@code -DrefreshDeploy=true} (see {@link #REFRESH}).
 * <p>
 * It also parses what it compares (Jackson's YAML parser) and renders the chart's templates with the chart's default
 * values, which must give the same objects as the plain manifests: helm is not installed here, so this stands in for
 * {@code helm template}, for the two template forms the extension writes ({@code {{ .Values.x }}} and
 * {@code {{ .Values.x | quote }}}); any other template expression fails the test rather than being skipped.
 */
class GeneratedManifestsIT {

    static final String REFRESH = "mvn -B package -DskipTests && mvn -B test-compile failsafe:integration-test failsafe:verify "
            + "-Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=GeneratedManifestsIT "
            + "-DrefreshDeploy=true";

    private static final Path GENERATED_MANIFESTS = Path.of("target/kubernetes/kubernetes.yml");
    private static final Path COMMITTED_MANIFESTS = Path.of("deploy/kubernetes/kubernetes.yml");
    private static final Path GENERATED_CHART = Path.of("target/helm/kubernetes/distributor");
    private static final Path COMMITTED_CHART = Path.of("deploy/helm/distributor");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern VALUE = Pattern.compile("\\s*\\.Values\\.([A-Za-z0-9_.]+)\\s*(\\|\\s*quote\\s*)?");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern LABEL = Pattern.compile("\\s*app\\.kubernetes\\.io/[A-Za-z0-9.-]+: .*");

    @Test
    void theCommittedManifestsAndChartAreWhatTheBuildGenerates() throws IOException {
        assertThat(GENERATED_MANIFESTS).as("run `mvn package` first").exists();
        if (Boolean.getBoolean("refreshDeploy")) {
            refresh();
        }
        List<String> differences = new ArrayList<>();
        compare(GENERATED_MANIFESTS, COMMITTED_MANIFESTS, differences);
        TreeSet<Path> files = new TreeSet<>(files(GENERATED_CHART));
        files.addAll(files(COMMITTED_CHART));
        for (Path file : files) {
            compare(GENERATED_CHART.resolve(file), COMMITTED_CHART.resolve(file), differences);
        }
        if (!differences.isEmpty()) {
            fail(String.join("\n", differences) + "\n\nThe build generates other Kubernetes/Helm files than those"
                    + " committed under deploy/. If the change is intended, refresh them with:\n  " + REFRESH);
        }
    }

    @Test
    void theManifestsParseAndCarryWhatADeploymentNeeds() throws IOException {
        Map<String, JsonNode> byKind = byKind(documents(Files.readString(COMMITTED_MANIFESTS)));
        assertThat(byKind).containsOnlyKeys("ConfigMap", "Deployment", "Service", "PodDisruptionBudget",
                "HorizontalPodAutoscaler");
        JsonNode deployment = byKind.get("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        // Credentials only by reference: no DISTRIBUTOR_*PASSWORD/KEY/SECRET carries a value of its own.
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().matches(".*(PASSWORD|KEY|SECRET).*")) {
                assertThat(env.has("value")).as(env.toString()).isFalse();
                assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("distributor-secrets");
            }
        }
        assertThat(byKind.get("ConfigMap").path("data").fieldNames()).toIterable()
                .noneMatch(key -> key.matches(".*(PASSWORD|_KEY|SECRET).*"));
        assertThat(byKind.get("HorizontalPodAutoscaler").at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(byKind.get("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @Test
    void theChartRenderedWithItsDefaultValuesGivesThePlainManifests() throws IOException {
        JsonNode values = YAML.readTree(COMMITTED_CHART.resolve("values.yaml").toFile());
        YAML.readTree(COMMITTED_CHART.resolve("Chart.yaml").toFile());
        Map<String, JsonNode> plain = byKind(documents(Files.readString(COMMITTED_MANIFESTS)));
        try (Stream<Path> templates = Files.list(COMMITTED_CHART.resolve("templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode rendered : documents(render(Files.readString(template), values, template))) {
                    String kind = rendered.path("kind").asText();
                    assertThat(plain).as(template.toString()).containsKey(kind);
                    assertThat(rendered).as(template + " rendered with values.yaml").isEqualTo(plain.get(kind));
                }
            }
        }
    }

    /** Replaces {{ .Values.a.b }} by the value and {{ .Values.a.b | quote }} by it in double quotes. */
    private static String render(String template, JsonNode values, Path file) {
        Matcher expression = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (expression.find()) {
            Matcher value = VALUE.matcher(expression.group(1));
            if (!value.matches()) {
                fail("%s: template expression this test cannot render: %s", file, expression.group());
            }
            JsonNode node = values.at("/" + value.group(1).replace('.', '/'));
            assertThat(node.isMissingNode()).as(file + ": values.yaml lacks " + value.group(1)).isFalse();
            String text = value.group(2) != null ? "\"" + node.asText().replace("\"", "\\\"") + "\"" : node.asText();
            expression.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        expression.appendTail(out);
        return out.toString();
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(yaml))) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static Map<String, JsonNode> byKind(List<JsonNode> documents) {
        Map<String, JsonNode> byKind = new TreeMap<>();
        for (JsonNode document : documents) {
            assertThat(byKind.put(document.path("kind").asText(), document)).as("one object per kind").isNull();
        }
        return byKind;
    }

    private static void compare(Path generated, Path committed, List<String> differences) throws IOException {
        if (!Files.exists(committed)) {
            differences.add("missing in deploy/: " + committed + " (generated: " + generated + ")");
        } else if (!Files.exists(generated)) {
            differences.add("no longer generated: " + committed);
        } else {
            List<String> want = withLabelRunsSorted(Files.readAllLines(generated));
            List<String> have = withLabelRunsSorted(Files.readAllLines(committed));
            if (!want.equals(have)) {
                differences.add(diff(committed, have, want));
            }
        }
    }

    /**
     * The lines with each run of consecutive {@code app.kubernetes.io/*} label lines sorted: the extensions keep those
     * labels in an unordered collection, so two builds of the same sources can write them in another order (seen here:
     * {@code name} and {@code part-of} swapped places between two {@code mvn package} runs). Every other line keeps its
     * place, so any other change is still a difference.
     */
    static List<String> withLabelRunsSorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        List<String> run = new ArrayList<>();
        for (String line : lines) {
            if (LABEL.matcher(line).matches() && (run.isEmpty() || indent(run.get(0)) == indent(line))) {
                run.add(line);
                continue;
            }
            run.sort(null);
            out.addAll(run);
            run.clear();
            if (LABEL.matcher(line).matches()) {
                run.add(line);
            } else {
                out.add(line);
            }
        }
        run.sort(null);
        out.addAll(run);
        return out;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** The lines that differ, with their line numbers: enough to see what changed without a diff library. */
    private static String diff(Path file, List<String> committed, List<String> generated) {
        StringBuilder out = new StringBuilder("differs: " + file + " (- committed, + generated)\n");
        int shown = 0;
        for (int i = 0; i < Math.max(committed.size(), generated.size()) && shown < 40; i++) {
            String have = i < committed.size() ? committed.get(i) : null;
            String want = i < generated.size() ? generated.get(i) : null;
            if (have == null || !have.equals(want)) {
                if (have != null) {
                    out.append(String.format("  %4d - %s%n", i + 1, have));
                }
                if (want != null) {
                    out.append(String.format("  %4d + %s%n", i + 1, want));
                }
                shown++;
            }
        }
        return out.toString();
    }

    /** Regular files under a folder, relative to it (an empty folder such as the chart's charts/ has none). */
    private static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    private static void refresh() throws IOException {
        Files.createDirectories(COMMITTED_MANIFESTS.getParent());
        Files.copy(GENERATED_MANIFESTS, COMMITTED_MANIFESTS, StandardCopyOption.REPLACE_EXISTING);
        for (Path stale : files(COMMITTED_CHART)) {
            Files.delete(COMMITTED_CHART.resolve(stale));
        }
        for (Path file : files(GENERATED_CHART)) {
            Path target = COMMITTED_CHART.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(GENERATED_CHART.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("GeneratedManifestsIT: copied target/kubernetes and target/helm into deploy/");
    }
}
