package dev.distributor.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.vertx.core.json.JsonObject;

/**
 * A real Keycloak server for {@link KeycloakIT}: the {@code org.keycloak:keycloak-quarkus-dist} zip Maven resolved
 * into the local repository (the failsafe configuration names it), unpacked once into a cache directory that outlives
 * {@code mvn clean} ({@code ~/.cache/distributor/keycloak-<version>}), run with {@code kc.sh start-dev} on a Java 21+
 * JDK on two free loopback ports (HTTP and management), importing {@code keycloak/distributor-realm.json} (the test
 * realm) and deploy/compose's realm ({@link #COMPOSE_REALM}), so the users the compose stack documents are signed in
 * for real.
 * <p>
 * What makes a warm start fast is kept in the cache: Keycloak's own Quarkus build ({@code lib/quarkus}, done by the
 * first start) and its dev-file H2 database with the realm imported. The database is dropped whenever the realm file
 * changes (its SHA-256 is kept next to it), since Keycloak skips importing a realm that exists. An exclusive file lock
 * keeps two runs on one machine (two worktrees) from sharing the cache at once. {@link #close} stops the server
 * (SIGTERM, then SIGKILL after 20 s); a shutdown hook kills it should the test JVM end without teardown.
 */
final class Keycloak implements AutoCloseable {

    static final String VERSION = "26.7.3";
    static final String REALM = "distributor";
    /** The web console's public client: authorization code flow with PKCE (S256), any loopback redirect URI. */
    static final String CONSOLE_CLIENT = "distributor-console";
    /** The public client of the realm that allows the password grant; its tokens carry aud = {@link #AUDIENCE}. */
    static final String CLIENT = "distributor-cli";
    static final String AUDIENCE = "distributor";
    /** The realm of deploy/compose (its users have the passwords {@code <username>-local-only}). */
    static final String COMPOSE_REALM = "compose";
    private static final String REALM_RESOURCE = "keycloak/distributor-realm.json";
    private static final Path COMPOSE_REALM_FILE = Path.of("deploy/compose/keycloak/compose-realm.json");
    private static final Duration READY_DEADLINE = Duration.ofSeconds(150);

    private final Path home;
    private final int port;
    private final Path log;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private Keycloak(Path home, int port, Path log, FileChannel lockFile, FileLock lock) {
        this.home = home;
        this.port = port;
        this.log = log;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Unpacks Keycloak when the cache lacks it, starts it with the test realm and waits until the realm answers.
     *
     * @throws IllegalStateException when the distribution or a Java 21+ JDK is missing, or Keycloak exits or is not
     *             ready within 150 s (the message carries its log's tail)
     */
    static Keycloak start() {
        Path cache = Path.of(System.getProperty("distributor.it.keycloak-cache",
                Path.of(System.getProperty("user.home"), ".cache", "distributor").toString()));
        Path logs = Path.of(System.getProperty("distributor.it.log-dir", "target/it-logs"));
        FileChannel lockFile = null;
        try {
            Files.createDirectories(cache);
            Files.createDirectories(logs);
            lockFile = FileChannel.open(cache.resolve("keycloak-" + VERSION + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock();
            Path home = unpacked(cache);
            Path log = logs.resolve("keycloak.log");
            Files.deleteIfExists(log);
            Keycloak keycloak = new Keycloak(home, freePort(), log, lockFile, lock);
            try {
                keycloak.launch();
            } catch (IllegalStateException e) {
                if (!Files.exists(home.resolve("data/h2"))) {
                    keycloak.close();
                    throw e;
                }
                // A cached database a killed run left unusable: once more from an empty one.
                try {
                    keycloak.stopProcess();
                    deleteTree(home.resolve("data/h2"));
                    Files.deleteIfExists(home.resolve("data/realm.sha256"));
                    keycloak.launch();
                } catch (RuntimeException again) {
                    again.addSuppressed(e);
                    keycloak.close();
                    throw again;
                }
            } catch (RuntimeException e) {
                keycloak.close();
                throw e;
            }
            return keycloak;
        } catch (IOException e) {
            closeQuietly(lockFile);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(lockFile);
            throw e;
        }
    }

    /** The issuer URL of the test realm: what {@code DISTRIBUTOR_OIDC_ISSUER} names. */
    URI issuer() {
        return issuer(REALM);
    }

    /** The issuer URL of one of the imported realms. */
    URI issuer(String realm) {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + realm);
    }

    /**
     * An access token for {@code username} (password grant on {@link #CLIENT}; the realm's users have the password
     * {@code <username>-password}).
     */
    String token(String username) {
        return token(REALM, username, username + "-password");
    }

    /** An access token for {@code username} of {@code realm} (password grant on the realm's {@link #CLIENT}). */
    String token(String realm, String username, String password) {
        String form = Map.of("grant_type", "password", "client_id", CLIENT, "username", username,
                "password", password).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + username + ": "
                        + answer.statusCode() + " " + answer.body());
            }
            return new JsonObject(answer.body()).getString("access_token");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code sub} claim of a token (no signature check: the service checks, this only reads). */
    static String subject(String token) {
        String payload = token.split("\\.")[1];
        return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
                .getString("sub");
    }

    @Override
    public synchronized void close() {
        try {
            stopProcess();
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // The channel's close below releases it too.
            }
            closeQuietly(lockFile);
        }
    }

    /** SIGTERM, then SIGKILL after 20 s: teardown that cannot hang. */
    private synchronized void stopProcess() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            // kc.sh execs java, so this is Keycloak's JVM; its children (none expected) go too.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void launch() {
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            byte[] realm = realmFile();
            byte[] composeRealm = Files.readAllBytes(COMPOSE_REALM_FILE);
            // Either file changing means a fresh import of both.
            String digest = sha256(realm) + "," + sha256(composeRealm);
            Path imported = home.resolve("data/realm.sha256");
            if (!Files.exists(imported) || !Files.readString(imported).strip().equals(digest)) {
                // A realm Keycloak already holds is not imported again: start from an empty database.
                deleteTree(home.resolve("data/h2"));
                Files.deleteIfExists(imported);
            }
            Files.write(imports.resolve(REALM + "-realm.json"), realm);
            Files.write(imports.resolve(COMPOSE_REALM + "-realm.json"), composeRealm);
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", home.resolve("bin/kc.sh").toString(),
                    "start-dev", "--http-host=127.0.0.1", "--http-port=" + port,
                    "--http-management-port=" + freePort(), "--import-realm"))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("JAVA_HOME", javaHome().toString());
            // C1 only: Keycloak starts in about half the time on a busy 2-core machine; the test needs no peak speed.
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            process = builder.start();
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "keycloak-reaper"));
            awaitReady();
            Files.writeString(imported, digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_DEADLINE);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited " + process.exitValue() + " while starting:\n"
                        + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_DEADLINE + ":\n" + tail());
    }

    /** The cached installation, unpacked first when missing (into a temporary directory, then moved in one step). */
    private static Path unpacked(Path cache) throws IOException {
        Path home = cache.resolve("keycloak-" + VERSION);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path zip = Path.of(System.getProperty("distributor.it.keycloak-dist",
                Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "keycloak",
                        "keycloak-quarkus-dist", VERSION, "keycloak-quarkus-dist-" + VERSION + ".zip").toString()));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: `mvn verify` resolves it (failsafe's "
                    + "pre-integration-test step), or run `mvn dependency:get -Dtransitive=false "
                    + "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip`");
        }
        Path staging = Files.createTempDirectory(cache, "keycloak-unpacking-");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("zip entry outside the directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path unpacked = staging.resolve("keycloak-" + VERSION);
        try (Stream<Path> scripts = Files.list(unpacked.resolve("bin"))) {
            scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
        }
        Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(staging);
        return home;
    }

    /** Keycloak 26 needs Java 21 or newer; the build's own JDK may be 17. */
    private static Path javaHome() {
        String configured = System.getProperty("distributor.it.keycloak-java-home",
                System.getenv("KEYCLOAK_JAVA_HOME"));
        List<String> candidates = configured != null && !configured.isBlank()
                ? List.of(configured)
                : List.of("/usr/lib/jvm/temurin-25-jdk-amd64", "/usr/lib/jvm/temurin-21-jdk-amd64",
                        System.getProperty("java.home"));
        for (String candidate : candidates) {
            Path java = Path.of(candidate, "bin", "java");
            if (Files.isExecutable(java) && (!candidate.equals(System.getProperty("java.home"))
                    || Runtime.version().feature() >= 21)) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("Keycloak " + VERSION + " needs a Java 21+ JDK: set KEYCLOAK_JAVA_HOME "
                + "(tried " + candidates + ")");
    }

    private static byte[] realmFile() throws IOException {
        try (InputStream in = Keycloak.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the test class path");
            }
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The last 60 lines of Keycloak's log, for failure messages. */
    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a lock file cannot lose anything.
        }
    }
}
