package dev.distributor.ssm.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for AWS Systems Manager that the real AWS SDK talks to: an HTTP server on loopback speaking SSM's
 * JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target: AmazonSSM.<Operation>}), answering the operations the
 * Distributor uses with the shapes of the AWS API reference, and running AWS-RunShellScript commands for real with
 * {@code /bin/sh} in one sandbox folder per registered instance. Faults (throttling, access denied, start delays) are
 * injected through {@link #faults()}. See docs/SSM-LOCAL-ENDPOINT.md for what it does not imitate.
 */
public final class LocalSsmEndpoint implements AutoCloseable {

    /** The region the endpoint claims (AWS_SSM_REGION_NAME of the commands, OutputS3Region). */
    public static final String REGION = "us-east-1";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Instances instances;
    private final Faults faults = new Faults();
    private final Commands commands;
    private final Documents documents;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private LocalSsmEndpoint(Path root, int port) throws IOException {
        Files.createDirectories(root);
        this.instances = new Instances(root);
        this.commands = new Commands(instances, faults, REGION);
        this.documents = new Documents();
        this.handlers = Executors.newFixedThreadPool(8, Commands.daemon("local-ssm-http"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an endpoint on a random loopback port; {@code root} holds one sandbox folder per instance. */
    public static LocalSsmEndpoint start(Path root) {
        return start(root, 0);
    }

    /** Starts an endpoint on this loopback port (0: a random one). */
    public static LocalSsmEndpoint start(Path root, int port) {
        try {
            return new LocalSsmEndpoint(root.toAbsolutePath(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("the local SSM endpoint did not start", e);
        }
    }

    /** A fresh hybrid instance id ({@code mi-} and 17 hex digits) no other test uses. */
    public static String newManagedInstanceId() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "mi-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for the SDK. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /**
     * Registers an instance: Linux, Ubuntu 22.04, Online, agent 3.3.987.0, ComputerName = id, IPAddress 10.0.0.x,
     * ResourceType ManagedInstance for {@code mi-} ids, EC2Instance for {@code i-}. Its sandbox is created.
     */
    public ManagedInstance addInstance(String instanceId) {
        return instances.add(instanceId);
    }

    public Optional<ManagedInstance> instance(String instanceId) {
        return instances.get(instanceId);
    }

    /** Deregisters (or terminates) an instance: SSM stops listing it and refuses new commands to it. */
    public void removeInstance(String instanceId) {
        instances.remove(instanceId);
    }

    public Faults faults() {
        return faults;
    }

    /** Every SendCommand accepted, in order. */
    public List<SentCommand> sentCommands() {
        return commands.accepted();
    }

    /** Requests received for an operation ({@code "SendCommand"}), throttled and refused ones included. */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /**
     * Runs after a SendCommand was accepted, before its answer is written. A hook that throws makes the answer an
     * HTTP 500 although the command was accepted (a lost answer: the call may have run).
     */
    public void onSendCommand(Consumer<SentCommand> hook) {
        commands.onSendCommand(hook);
    }

    /** The Package documents, by name. */
    public Map<String, PackageDocument> documents() {
        return documents.all();
    }

    /** Where CreateDocument and UpdateDocument read the attachments from (default: TestInfrastructure's S3Proxy). */
    public LocalSsmEndpoint s3(URI endpoint, String accessKey, String secretKey) {
        documents.s3(endpoint, accessKey, secretKey);
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        commands.close();
        handlers.shutdownNow();
        documents.close();
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode error = null;
            int status = 200;
            JsonNode answer = null;
            try {
                answer = dispatch(exchange);
            } catch (SsmError e) {
                status = e.status();
                error = Json.object().put("__type", e.code()).put("message", e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                error = Json.object().put("__type", "InternalServerError").put("message", String.valueOf(e));
            }
            byte[] body = Json.MAPPER.writeValueAsBytes(error != null ? error : answer);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private JsonNode dispatch(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith("AmazonSSM.")) {
            throw new SsmError("UnknownOperationException", 404, "Expected POST / with X-Amz-Target AmazonSSM.*");
        }
        String operation = target.substring("AmazonSSM.".length());
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            // The signature itself is not checked: only that the caller signs as SigV4 with some credentials.
            throw new SsmError("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Optional<SsmError> refusal = faults.refusal(operation);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        JsonNode request = raw.length == 0 ? Json.object() : Json.MAPPER.readTree(raw);
        return switch (operation) {
            case "DescribeInstanceInformation" -> instances.describeInstanceInformation(request);
            case "ListTagsForResource" -> instances.listTagsForResource(request);
            case "SendCommand" -> commands.sendCommand(request);
            case "ListCommands" -> commands.listCommands(request);
            case "ListCommandInvocations" -> commands.listCommandInvocations(request);
            case "GetCommandInvocation" -> commands.getCommandInvocation(request);
            case "CancelCommand" -> commands.cancelCommand(request);
            case "CreateDocument" -> documents.createDocument(request);
            case "UpdateDocument" -> documents.updateDocument(request);
            case "UpdateDocumentDefaultVersion" -> documents.updateDocumentDefaultVersion(request);
            case "DescribeDocument" -> documents.describeDocument(request);
            default -> throw new SsmError("UnknownOperationException", "The local SSM endpoint does not answer "
                    + operation + ".");
        };
    }

    /**
     * Runs an endpoint until the process is stopped: {@code --port N} (default: random), {@code --root DIR} (default
     * {@code ./ssm-sandboxes}), {@code --instance ID} (repeatable; registers an Online Ubuntu instance), {@code --s3
     * URI --s3-access-key K --s3-secret-key S} (where Package attachments are read).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        Path root = Path.of("ssm-sandboxes");
        List<String> ids = new java.util.ArrayList<>();
        URI s3 = null;
        String accessKey = "";
        String secretKey = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--root" -> root = Path.of(args[i + 1]);
                case "--instance" -> ids.add(args[i + 1]);
                case "--s3" -> s3 = URI.create(args[i + 1]);
                case "--s3-access-key" -> accessKey = args[i + 1];
                case "--s3-secret-key" -> secretKey = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LocalSsmEndpoint endpoint = start(root, port);
        if (s3 != null) {
            endpoint.s3(s3, accessKey, secretKey);
        }
        ids.forEach(endpoint::addInstance);
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close));
        System.out.println("local SSM endpoint at " + endpoint.uri() + ", sandboxes in " + root.toAbsolutePath()
                + ", instances " + ids);
        Thread.currentThread().join();
    }

}
