package dev.distributor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.distributor.security.Role;

/**
 * The local stack of deploy/compose, checked without a container engine (none exists on the development machines):
 * compose.yaml's services, settings, start order and agents, the HAProxy configuration (and {@code haproxy -c} where
 * HAProxy is installed), and the Keycloak realm the stack imports. KeycloakIT signs the realm's users in for real.
 */
class ComposeStackTest {

    private static final Path DIR = Path.of("deploy/compose");
    private static final List<String> REPLICAS = List.of("distributor-1", "distributor-2");
    private static final List<String> AGENTS = List.of("agent-debian", "agent-almalinux", "agent-alpine");
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");

    private static Map<String, Object> services;
    private static JsonNode realm;
    private static String proxyConfig;

    @BeforeAll
    static void read() throws IOException {
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(DIR.resolve("compose.yaml")));
        services = map(compose.get("services"));
        realm = new ObjectMapper().readTree(DIR.resolve("keycloak/compose-realm.json").toFile());
        proxyConfig = Files.readString(DIR.resolve("haproxy/haproxy.cfg"));
    }

    @Test
    void theStackHasADatabaseS3KeycloakTwoReplicasAProxyAndThreeAgents() {
        assertThat(services).containsOnlyKeys("postgres", "s3", "keycloak", "distributor-1", "distributor-2", "proxy",
                "activate", "agent-debian", "agent-almalinux", "agent-alpine");
        assertThat(string(service("keycloak").get("image"))).startsWith("quay.io/keycloak/keycloak:");
        assertThat(list(service("keycloak").get("command"))).contains("start-dev", "--import-realm");
        assertThat(list(service("keycloak").get("volumes")))
                .contains("./keycloak/compose-realm.json:/opt/keycloak/data/import/compose-realm.json:ro");
        assertThat(Files.exists(Path.of("deploy/compose.yaml"))).as("the old single-service compose file").isFalse();
    }

    @Test
    void bothReplicasRunTheJvmImageWithEverySettingTheServiceNeeds() throws IOException {
        Set<String> readByTheService = variablesReadByTheService();
        for (String name : REPLICAS) {
            Map<String, Object> replica = service(name);
            Map<String, Object> build = map(replica.get("build"));
            assertThat(DIR.resolve(string(build.get("context"))).resolve(string(build.get("dockerfile"))).normalize())
                    .isEqualTo(Path.of("src/main/docker/Dockerfile.jvm"));
            Map<String, String> env = environment(name);
            assertThat(env).as(name).containsKeys("DISTRIBUTOR_DB_HOST", "DISTRIBUTOR_DB_PORT", "DISTRIBUTOR_DB_NAME",
                    "DISTRIBUTOR_DB_USER", "DISTRIBUTOR_DB_PASSWORD", "DISTRIBUTOR_S3_ENDPOINT",
                    "DISTRIBUTOR_S3_PATH_STYLE", "DISTRIBUTOR_S3_BUCKET", "DISTRIBUTOR_S3_CREATE_BUCKET",
                    "DISTRIBUTOR_S3_CREDENTIALS", "DISTRIBUTOR_S3_ACCESS_KEY", "DISTRIBUTOR_S3_SECRET_KEY",
                    "DISTRIBUTOR_LOCAL_MODE", "DISTRIBUTOR_OIDC_ISSUER", "DISTRIBUTOR_OIDC_AUDIENCE",
                    "DISTRIBUTOR_CONSOLE_OIDC_CLIENT_ID", "DISTRIBUTOR_AGENT_PUBLIC_URL");
            assertThat(env.values()).as(name + ": no empty setting").allSatisfy(v -> assertThat(v).isNotBlank());
            assertThat(env.keySet()).as(name + ": every DISTRIBUTOR_* variable is one the service reads")
                    .filteredOn(k -> k.startsWith("DISTRIBUTOR_")).isSubsetOf(readByTheService);
            assertThat(env).containsEntry("DISTRIBUTOR_LOCAL_MODE", "false")
                    .containsEntry("DISTRIBUTOR_S3_CREDENTIALS", "static");
        }
        assertThat(environment("distributor-1")).isEqualTo(environment("distributor-2"));
    }

    @Test
    void theReplicasUseTheDatabaseS3AndProxyOfThisStack() {
        Map<String, String> env = environment("distributor-1");
        Map<String, String> postgres = environment("postgres");
        assertThat(env.get("DISTRIBUTOR_DB_HOST")).isEqualTo("postgres");
        assertThat(env.get("DISTRIBUTOR_DB_NAME")).isEqualTo(postgres.get("POSTGRES_DB"));
        assertThat(env.get("DISTRIBUTOR_DB_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(env.get("DISTRIBUTOR_DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));

        Map<String, String> s3 = environment("s3");
        assertThat(env.get("DISTRIBUTOR_S3_ACCESS_KEY")).isEqualTo(s3.get("S3PROXY_IDENTITY"));
        assertThat(env.get("DISTRIBUTOR_S3_SECRET_KEY")).isEqualTo(s3.get("S3PROXY_CREDENTIAL"));
        URI endpoint = URI.create(env.get("DISTRIBUTOR_S3_ENDPOINT"));
        // One address for the replicas, the agents (the network alias) and browsers (*.localhost, published port).
        assertThat(endpoint.getHost()).endsWith(".localhost");
        assertThat(aliases("s3")).contains(endpoint.getHost());
        assertThat(URI.create(s3.get("S3PROXY_ENDPOINT")).getPort()).isEqualTo(endpoint.getPort());
        assertThat(list(service("s3").get("ports"))).contains("127.0.0.1:" + endpoint.getPort() + ":"
                + endpoint.getPort());

        assertThat(env.get("DISTRIBUTOR_AGENT_PUBLIC_URL")).isEqualTo("http://proxy:" + proxyPort());
        for (String agent : AGENTS) {
            assertThat(environment(agent)).containsEntry("DISTRIBUTOR_SERVER", "http://proxy:" + proxyPort());
        }
        assertThat(list(service("proxy").get("ports"))).contains("127.0.0.1:8080:" + proxyPort());
    }

    @Test
    void theReplicasTrustTheRealmThatBrowsersSignInWith() {
        Map<String, String> env = environment("distributor-1");
        String issuer = env.get("DISTRIBUTOR_OIDC_ISSUER");
        String realmName = realm.get("realm").asText();
        assertThat(issuer).isEqualTo("http://localhost:8180/realms/" + realmName);
        assertThat(list(service("keycloak").get("ports"))).contains("127.0.0.1:8180:8080");
        // Tokens name the public issuer; the replicas fetch keys over the compose network.
        assertThat(list(service("keycloak").get("command"))).contains("--hostname=http://localhost:8180",
                "--hostname-backchannel-dynamic=true");
        assertThat(env).containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "http://keycloak:8080/realms/" + realmName);
        assertThat(audiences(client(env.get("DISTRIBUTOR_CONSOLE_OIDC_CLIENT_ID"))))
                .containsExactly(env.get("DISTRIBUTOR_OIDC_AUDIENCE"));
        assertThat(env.get("DISTRIBUTOR_OIDC_ROLES_CLAIM")).isEqualTo("realm_access/roles");
    }

    @Test
    void servicesStartInOrderAndWaitOnlyForHealthChecksThatExist() {
        assertThat(dependsOn("distributor-1")).containsEntry("postgres", "service_healthy")
                .containsEntry("keycloak", "service_healthy").containsEntry("s3", "service_started");
        // Migration and bucket creation happen once, in the first replica.
        assertThat(dependsOn("distributor-2")).containsEntry("distributor-1", "service_healthy");
        assertThat(dependsOn("proxy")).containsEntry("distributor-1", "service_healthy")
                .containsEntry("distributor-2", "service_healthy");
        assertThat(dependsOn("activate")).containsEntry("proxy", "service_started")
                .containsEntry("keycloak", "service_healthy");
        for (String agent : AGENTS) {
            assertThat(dependsOn(agent)).containsExactly(Map.entry("activate", "service_completed_successfully"));
        }
        services.keySet().forEach(name -> dependsOn(name).forEach((dependency, condition) -> {
            assertThat(services).as(name + " depends on").containsKey(dependency);
            if (condition.equals("service_healthy")) {
                assertThat(service(dependency)).as(dependency + " has a health check").containsKey("healthcheck");
            }
        }));
        for (String name : REPLICAS) {
            assertThat(list(map(service(name).get("healthcheck")).get("test")))
                    .contains("http://localhost:8080/q/health/ready");
        }
    }

    @Test
    void threeAgentsRunOnThreeDistributionsAndJoinWithTheActivationStep() throws IOException {
        Set<String> baseImages = new TreeSet<>();
        Set<Object> stateVolumes = new TreeSet<>();
        for (String agent : AGENTS) {
            Map<String, Object> build = map(service(agent).get("build"));
            Path dockerfile = DIR.resolve(string(build.get("context"))).resolve(string(build.get("dockerfile")));
            assertThat(dockerfile.normalize()).startsWith(DIR.resolve("agents"));
            List<String> lines = Files.readAllLines(dockerfile);
            String from = lines.stream().filter(l -> l.startsWith("FROM ")).findFirst().orElseThrow();
            baseImages.add(from.substring(5).split(":")[0]);
            assertThat(lines).contains("COPY entrypoint.sh /usr/local/bin/compose-agent");
            List<String> volumes = list(service(agent).get("volumes"));
            assertThat(volumes).contains("activation:/activation:ro");
            volumes.stream().filter(v -> v.endsWith(":/var/lib/distributor-agent")).forEach(stateVolumes::add);
        }
        assertThat(baseImages).containsExactlyInAnyOrder("debian", "almalinux", "alpine");
        assertThat(stateVolumes).as("each agent keeps its identity in a volume of its own").hasSize(3);
        assertThat(Files.exists(DIR.resolve("agents/entrypoint.sh"))).isTrue();
        assertThat(list(service("activate").get("volumes"))).contains("./activate.sh:/compose/activate.sh:ro",
                "activation:/activation");
        assertThat(environment("activate")).containsEntry("DISTRIBUTOR_URL", "http://proxy:" + proxyPort())
                .containsEntry("KEYCLOAK_URL", "http://keycloak:8080")
                .containsEntry("ADMIN_PASSWORD", password("admin"));
    }

    @Test
    void theProxyNamesBothReplicasChecksReadinessAndUpgradesWebSockets() {
        for (String backend : List.of("distributor", "distributor_websocket")) {
            List<String> section = section("backend " + backend);
            for (String replica : REPLICAS) {
                assertThat(section).anySatisfy(l -> assertThat(l).startsWith("server " + replica + " " + replica
                        + ":8080 check"));
            }
            assertThat(section).contains("http-check send meth GET uri /q/health/ready",
                    "http-check expect status 200");
        }
        List<String> frontend = section("frontend distributor");
        assertThat(frontend).contains("bind :" + proxyPort(), "acl websocket hdr(Upgrade) -i websocket",
                "use_backend distributor_websocket if websocket websocket_connection", "default_backend distributor");
        List<String> defaults = section("defaults");
        assertThat(defaults).contains("mode http", "default-server init-addr last,libc,none", "timeout tunnel 1h");
        // Longer than a held agent poll (the service's default DISTRIBUTOR_AGENT_MAX_WAIT) and the agent's wait.
        assertThat(seconds(defaults, "timeout server")).isGreaterThan(20 + 30);
        assertThat(seconds(defaults, "timeout client")).isGreaterThan(20 + 30);
    }

    @Test
    void haproxyAcceptsTheProxyConfiguration() throws Exception {
        Path haproxy = Stream.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        assumeThat(haproxy).as("HAProxy is installed (./bin/test installs Debian's)").isNotNull();
        Process check = new ProcessBuilder(haproxy.toString(), "-c", "-f",
                DIR.resolve("haproxy/haproxy.cfg").toString())
                .redirectErrorStream(true)
                // An open stdin pipe makes it take seconds longer to exit.
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("Configuration file is valid");
    }

    @Test
    void theRealmHasOneUserPerRoleWithThatRoleOnly() throws IOException {
        List<String> roleNames = Arrays.stream(Role.values()).map(Role::claimValue).toList();
        List<String> realmRoles = new ArrayList<>();
        realm.get("roles").get("realm").forEach(r -> realmRoles.add(r.get("name").asText()));
        assertThat(realmRoles).containsExactlyInAnyOrderElementsOf(roleNames);

        String readme = Files.readString(DIR.resolve("README.md"));
        List<String> users = new ArrayList<>();
        for (JsonNode user : realm.get("users")) {
            String name = user.get("username").asText();
            users.add(name);
            assertThat(user.get("realmRoles")).as(name).hasSize(1);
            assertThat(user.get("realmRoles").get(0).asText()).isEqualTo(name);
            assertThat(user.get("enabled").asBoolean()).isTrue();
            // Keycloak 26's user profile asks a user without these to complete it before any sign-in succeeds.
            assertThat(List.of("email", "firstName", "lastName")).allSatisfy(f -> assertThat(user.get(f)).isNotNull());
            JsonNode credential = user.get("credentials").get(0);
            assertThat(credential.get("type").asText()).isEqualTo("password");
            assertThat(credential.get("temporary").asBoolean()).isFalse();
            assertThat(credential.get("value").asText()).endsWith("-local-only");
            assertThat(readme).contains("| `" + name + "` | `" + credential.get("value").asText() + "` | " + name
                    + " |");
        }
        assertThat(users).containsExactlyInAnyOrderElementsOf(roleNames);
    }

    @Test
    void theRealmHasTheConsolesPublicClientAndAClientForScripts() {
        JsonNode console = client(environment("distributor-1").get("DISTRIBUTOR_CONSOLE_OIDC_CLIENT_ID"));
        assertThat(console.get("publicClient").asBoolean()).isTrue();
        assertThat(console.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(console.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(console.get("attributes").get("pkce.code.challenge.method").asText()).isEqualTo("S256");
        List<String> redirects = new ArrayList<>();
        console.get("redirectUris").forEach(r -> redirects.add(r.asText()));
        assertThat(redirects).contains("http://localhost:8080/*");

        JsonNode cli = client("distributor-cli");
        assertThat(cli.get("publicClient").asBoolean()).isTrue();
        assertThat(cli.get("directAccessGrantsEnabled").asBoolean()).isTrue();
        assertThat(cli.get("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(audiences(cli)).containsExactly("distributor");
    }

    private static String password(String user) {
        for (JsonNode node : realm.get("users")) {
            if (node.get("username").asText().equals(user)) {
                return node.get("credentials").get(0).get("value").asText();
            }
        }
        throw new AssertionError("no user " + user);
    }

    private static JsonNode client(String clientId) {
        for (JsonNode client : realm.get("clients")) {
            if (client.get("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("the realm has no client " + clientId);
    }

    private static List<String> audiences(JsonNode client) {
        List<String> audiences = new ArrayList<>();
        client.get("protocolMappers").forEach(m -> {
            if (m.get("protocolMapper").asText().equals("oidc-audience-mapper")
                    && m.get("config").get("access.token.claim").asText().equals("true")) {
                audiences.add(m.get("config").get("included.custom.audience").asText());
            }
        });
        return audiences;
    }

    /** The DISTRIBUTOR_* variables application.properties reads. */
    private static Set<String> variablesReadByTheService() throws IOException {
        Matcher m = Pattern.compile("DISTRIBUTOR_[A-Z0-9_]+")
                .matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static int proxyPort() {
        String bind = section("frontend distributor").stream()
                .filter(l -> l.startsWith("bind :")).findFirst().orElseThrow();
        return Integer.parseInt(bind.substring("bind :".length()));
    }

    /** The lines of one HAProxy section (up to the next unindented line), stripped, without comments. */
    private static List<String> section(String header) {
        List<String> raw = proxyConfig.lines().toList();
        int start = raw.indexOf(header);
        assertThat(start).as("section " + header).isNotNegative();
        List<String> body = new ArrayList<>();
        for (String line : raw.subList(start + 1, raw.size())) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                break;
            }
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                body.add(line.strip());
            }
        }
        return body;
    }

    private static long seconds(List<String> section, String directive) {
        String value = section.stream().filter(l -> l.startsWith(directive + " ")).findFirst().orElseThrow()
                .substring(directive.length() + 1);
        assertThat(value).matches("\\d+s");
        return Long.parseLong(value.substring(0, value.length() - 1));
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    /** A service's environment, each ${VAR:-default} replaced by its default (what runs with no .env file). */
    private static Map<String, String> environment(String name) {
        return map(service(name).get("environment")).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> DEFAULTED.matcher(String.valueOf(e.getValue())).replaceAll("$1")));
    }

    private static Map<String, String> dependsOn(String name) {
        Object dependsOn = service(name).get("depends_on");
        if (dependsOn == null) {
            return Map.of();
        }
        return map(dependsOn).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> string(map(e.getValue()).get("condition"))));
    }

    private static List<String> aliases(String name) {
        return list(map(map(service(name).get("networks")).get("default")).get("aliases"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    private static String string(Object value) {
        assertThat(value).isInstanceOf(String.class);
        return (String) value;
    }
}
