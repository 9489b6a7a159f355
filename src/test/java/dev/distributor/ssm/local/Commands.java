package dev.distributor.ssm.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Run Command: SendCommand, ListCommands, ListCommandInvocations, GetCommandInvocation and CancelCommand (AWS API
 * reference, Systems Manager), and the execution of the accepted commands. A dispatcher tick moves Pending
 * invocations on: past their delivery timeout to TimedOut; else, once their start delay passed, on an Online instance
 * that runs nothing else, to InProgress on a small pool that runs the shell.
 */
final class Commands implements AutoCloseable {

    static final String RUN_SHELL_SCRIPT = "AWS-RunShellScript";
    private static final String PLUGIN = "aws:runShellScript";
    /** Exit code by which a script asks SSM to reboot the instance and run the commands again. */
    private static final int REBOOT_EXIT = 194;
    private static final int PLUGIN_OUTPUT_LIMIT = 2_500;

    private record Sent(SentCommand command, long sequence, List<Invocation> invocations) {
    }

    private final Instances instances;
    private final Faults faults;
    private final String region;
    private final Map<String, Sent> commands = new LinkedHashMap<>();
    private final List<SentCommand> accepted = new CopyOnWriteArrayList<>();
    private final List<Consumer<SentCommand>> hooks = new CopyOnWriteArrayList<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService dispatcher;
    private final ExecutorService runners;

    Commands(Instances instances, Faults faults, String region) {
        this.instances = instances;
        this.faults = faults;
        this.region = region;
        this.dispatcher = Executors.newSingleThreadScheduledExecutor(daemon("local-ssm-dispatch"));
        this.runners = Executors.newFixedThreadPool(4, daemon("local-ssm-run"));
        dispatcher.scheduleWithFixedDelay(this::dispatch, 20, 20, TimeUnit.MILLISECONDS);
    }

    List<SentCommand> accepted() {
        return List.copyOf(accepted);
    }

    void onSendCommand(Consumer<SentCommand> hook) {
        hooks.add(hook);
    }

    // ---- SendCommand

    JsonNode sendCommand(JsonNode request) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(Json.texts(request, "InstanceIds")));
        if (ids.isEmpty() || ids.size() > 50) {
            throw SsmError.validation("instanceIds", ids, "Member must have length between 1 and 50");
        }
        for (String id : ids) {
            if (!id.matches("(mi-\\w{17}|i-(\\w{8}|\\w{17}))")) {
                throw SsmError.validation("instanceIds", ids,
                        "Member must satisfy regular expression pattern: (^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)");
            }
        }
        String documentName = Json.text(request, "DocumentName");
        if (!RUN_SHELL_SCRIPT.equals(documentName)) {
            throw new SsmError("InvalidDocument", "Document " + documentName + " does not exist"
                    + " (the local endpoint runs AWS-RunShellScript only).");
        }
        String comment = Json.text(request, "Comment");
        if (comment != null && comment.length() > 100) {
            throw SsmError.validation("comment", comment, "Member must have length less than or equal to 100");
        }
        int timeoutSeconds = Json.integer(request, "TimeoutSeconds", 30, 2_592_000, 3600);
        Map<String, List<String>> parameters = parameters(request);
        int executionTimeout = executionTimeout(parameters);
        for (String id : ids) {
            if (instances.get(id).isEmpty()) {
                throw new SsmError("InvalidInstanceId", "Instances [[" + id + "]] not in a valid state for account"
                        + " 123456789012");
            }
        }
        SentCommand command = new SentCommand(UUID.randomUUID().toString(), comment, List.copyOf(ids),
                documentName, parameters, timeoutSeconds, Instant.now());
        Sent sent;
        synchronized (this) {
            List<Invocation> invocations = new ArrayList<>();
            Duration delay = faults.startDelay();
            for (String id : ids) {
                invocations.add(new Invocation(command, id, sequence.incrementAndGet(), delay, executionTimeout));
            }
            sent = new Sent(command, sequence.incrementAndGet(), List.copyOf(invocations));
            commands.put(command.commandId(), sent);
            accepted.add(command);
        }
        hooks.forEach(hook -> hook.accept(command));
        ObjectNode answer = Json.object();
        answer.set("Command", commandShape(sent));
        return answer;
    }

    private static Map<String, List<String>> parameters(JsonNode request) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        JsonNode node = request.get("Parameters");
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(field -> parameters.put(field.getKey(), Json.texts(node, field.getKey())));
        }
        for (String name : parameters.keySet()) {
            if (!Set.of("commands", "executionTimeout", "workingDirectory").contains(name)) {
                throw new SsmError("InvalidParameters", "Parameter " + name + " is not defined by AWS-RunShellScript.");
            }
        }
        if (parameters.getOrDefault("commands", List.of()).isEmpty()) {
            throw new SsmError("InvalidParameters", "Parameter commands is required by AWS-RunShellScript.");
        }
        return Map.copyOf(parameters);
    }

    /** The document's executionTimeout: 1..172800 seconds, default 3600 (AWS-RunShellScript). */
    private static int executionTimeout(Map<String, List<String>> parameters) {
        List<String> value = parameters.getOrDefault("executionTimeout", List.of("3600"));
        try {
            int seconds = Integer.parseInt(value.get(0));
            if (seconds >= 1 && seconds <= 172_800) {
                return seconds;
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // Falls through to SSM's refusal.
        }
        throw new SsmError("InvalidParameters", "executionTimeout must be a number of seconds within 1..172800: "
                + value);
    }

    // ---- ListCommands, ListCommandInvocations, GetCommandInvocation, CancelCommand

    JsonNode listCommands(JsonNode request) {
        int maxResults = Json.integer(request, "MaxResults", 1, 50, 50);
        String commandId = Json.text(request, "CommandId");
        String instanceId = Json.text(request, "InstanceId");
        if (commandId != null) {
            sent(commandId);
        }
        Predicate<Sent> filter = filters(request, s -> status(s)[0]);
        List<Sent> listed = newestFirst().stream()
                .filter(s -> commandId == null || s.command().commandId().equals(commandId))
                .filter(s -> instanceId == null || s.command().instanceIds().contains(instanceId))
                .filter(filter)
                .toList();
        ObjectNode answer = Json.object();
        Pages.page(request, maxResults, listed, s -> -s.sequence(), this::commandShape, answer, "Commands");
        return answer;
    }

    JsonNode listCommandInvocations(JsonNode request) {
        int maxResults = Json.integer(request, "MaxResults", 1, 50, 50);
        String commandId = Json.text(request, "CommandId");
        String instanceId = Json.text(request, "InstanceId");
        boolean details = request.path("Details").asBoolean(false);
        if (commandId != null) {
            sent(commandId);
        }
        Predicate<Sent> commandFilter = filters(request, s -> null);
        String status = filterValue(request, "Status");
        List<Invocation> listed = newestFirst().stream()
                .filter(s -> commandId == null || s.command().commandId().equals(commandId))
                .filter(commandFilter)
                .flatMap(s -> s.invocations().stream())
                .filter(i -> instanceId == null || i.instanceId.equals(instanceId))
                .filter(i -> status == null || status.equals(i.view().status()))
                .sorted(Comparator.comparingLong((Invocation i) -> i.sequence).reversed())
                .toList();
        ObjectNode answer = Json.object();
        Pages.page(request, maxResults, listed, i -> -i.sequence, i -> invocationShape(i, details), answer,
                "CommandInvocations");
        return answer;
    }

    JsonNode getCommandInvocation(JsonNode request) {
        String commandId = Json.text(request, "CommandId");
        String instanceId = Json.text(request, "InstanceId");
        String plugin = Json.text(request, "PluginName");
        Sent sent;
        synchronized (this) {
            sent = commandId == null ? null : commands.get(commandId);
        }
        Invocation invocation = sent == null
                ? null
                : sent.invocations().stream().filter(i -> i.instanceId.equals(instanceId)).findFirst().orElse(null);
        if (invocation == null || (plugin != null && !PLUGIN.equals(plugin))) {
            throw new SsmError("InvocationDoesNotExist", "Command " + commandId + " has no invocation on "
                    + instanceId + ".");
        }
        Invocation.View view = invocation.view();
        ObjectNode answer = Json.object();
        answer.put("CommandId", commandId);
        answer.put("InstanceId", instanceId);
        answer.put("Comment", sent.command().comment());
        answer.put("DocumentName", sent.command().documentName());
        answer.put("DocumentVersion", "$DEFAULT");
        answer.put("PluginName", PLUGIN);
        answer.put("ResponseCode", view.responseCode());
        // GetCommandInvocation is the one place SSM gives times as strings, not epoch numbers.
        answer.put("ExecutionStartDateTime", view.startedAt() == null ? "" : view.startedAt().toString());
        answer.put("ExecutionEndDateTime", view.endedAt() == null ? "" : view.endedAt().toString());
        answer.put("ExecutionElapsedTime", view.startedAt() == null
                ? ""
                : Duration.between(view.startedAt(), view.endedAt() == null ? Instant.now() : view.endedAt())
                        .toString());
        answer.put("Status", view.status());
        answer.put("StatusDetails", view.statusDetails());
        answer.put("StandardOutputContent", view.stdout());
        answer.put("StandardOutputUrl", "");
        answer.put("StandardErrorContent", view.stderr());
        answer.put("StandardErrorUrl", "");
        answer.putObject("CloudWatchOutputConfig").put("CloudWatchLogGroupName", "")
                .put("CloudWatchOutputEnabled", false);
        return answer;
    }

    JsonNode cancelCommand(JsonNode request) {
        Sent sent = sent(Json.text(request, "CommandId"));
        List<String> only = Json.texts(request, "InstanceIds");
        sent.invocations().stream()
                .filter(i -> only.isEmpty() || only.contains(i.instanceId))
                .forEach(Invocation::cancel);
        return Json.object();
    }

    private synchronized Sent sent(String commandId) {
        Sent sent = commandId == null ? null : commands.get(commandId);
        if (sent == null) {
            throw new SsmError("InvalidCommandId", "Command " + commandId + " does not exist.");
        }
        return sent;
    }

    private synchronized List<Sent> newestFirst() {
        List<Sent> all = new ArrayList<>(commands.values());
        java.util.Collections.reverse(all);
        return all;
    }

    /** The CommandFilter list ({@code key}, {@code value}): InvokedAfter, InvokedBefore, Status, DocumentName. */
    private static Predicate<Sent> filters(JsonNode request, java.util.function.Function<Sent, String> status) {
        Predicate<Sent> all = s -> true;
        JsonNode filters = request.get("Filters");
        if (filters == null || !filters.isArray()) {
            return all;
        }
        for (JsonNode filter : filters) {
            String key = Json.either(filter, "key");
            String value = Json.either(filter, "value");
            if (key == null || value == null) {
                throw new SsmError("InvalidFilterKey", "A command filter needs a key and a value.");
            }
            all = all.and(switch (key) {
                case "InvokedAfter" -> {
                    Instant after = Json.instant(value);
                    yield s -> !s.command().requestedAt().isBefore(after);
                }
                case "InvokedBefore" -> {
                    Instant before = Json.instant(value);
                    yield s -> !s.command().requestedAt().isAfter(before);
                }
                // For invocations the Status filter applies to each invocation, not to the command.
                case "Status" -> s -> status.apply(s) == null || value.equals(status.apply(s));
                case "DocumentName" -> s -> value.equals(s.command().documentName());
                case "ExecutionStage" -> s -> true;
                default -> throw new SsmError("InvalidFilterKey", "The filter key " + key + " isn't valid.");
            });
        }
        return all;
    }

    private static String filterValue(JsonNode request, String key) {
        JsonNode filters = request.get("Filters");
        if (filters != null && filters.isArray()) {
            for (JsonNode filter : filters) {
                if (key.equals(Json.either(filter, "key"))) {
                    return Json.either(filter, "value");
                }
            }
        }
        return null;
    }

    // ---- shapes

    /** Status and StatusDetails of a command, from its invocations (as the SSM console sums them up). */
    private static String[] status(Sent sent) {
        List<Invocation.View> views = sent.invocations().stream().map(Invocation::view).toList();
        if (views.stream().allMatch(v -> "Pending".equals(v.status()))) {
            return new String[]{"Pending", "Pending"};
        }
        if (views.stream().anyMatch(v -> "Pending".equals(v.status()) || "InProgress".equals(v.status()))) {
            return new String[]{"InProgress", "InProgress"};
        }
        for (String status : new String[]{"Cancelled", "TimedOut", "Failed"}) {
            if (views.stream().anyMatch(v -> status.equals(v.status()))) {
                String details = views.size() == 1 ? views.get(0).statusDetails() : status;
                return new String[]{status, details};
            }
        }
        return new String[]{"Success", "Success"};
    }

    private ObjectNode commandShape(Sent sent) {
        SentCommand command = sent.command();
        List<Invocation.View> views = sent.invocations().stream().map(Invocation::view).toList();
        String[] status = status(sent);
        ObjectNode shape = Json.object();
        shape.put("CommandId", command.commandId());
        shape.put("DocumentName", command.documentName());
        shape.put("DocumentVersion", "$DEFAULT");
        shape.put("Comment", command.comment() == null ? "" : command.comment());
        shape.put("ExpiresAfter", Json.epochSeconds(command.requestedAt().plusSeconds(command.timeoutSeconds())));
        ObjectNode parameters = shape.putObject("Parameters");
        command.parameters().forEach((name, values) -> values.forEach(parameters.withArray(name)::add));
        command.instanceIds().forEach(shape.putArray("InstanceIds")::add);
        shape.putArray("Targets");
        shape.put("RequestedDateTime", Json.epochSeconds(command.requestedAt()));
        shape.put("Status", status[0]);
        shape.put("StatusDetails", status[1]);
        shape.put("OutputS3Region", region);
        shape.put("OutputS3BucketName", "");
        shape.put("OutputS3KeyPrefix", "");
        shape.put("MaxConcurrency", "50");
        shape.put("MaxErrors", "0");
        shape.put("TargetCount", views.size());
        shape.put("CompletedCount", views.stream().filter(v -> terminal(v.status())).count());
        shape.put("ErrorCount", views.stream().filter(v -> "Failed".equals(v.status())
                || "ExecutionTimedOut".equals(v.statusDetails())).count());
        shape.put("DeliveryTimedOutCount",
                views.stream().filter(v -> "DeliveryTimedOut".equals(v.statusDetails())).count());
        shape.put("ServiceRole", "");
        shape.putObject("NotificationConfig").put("NotificationArn", "").putArray("NotificationEvents");
        shape.putObject("CloudWatchOutputConfig").put("CloudWatchLogGroupName", "")
                .put("CloudWatchOutputEnabled", false);
        shape.put("TimeoutSeconds", command.timeoutSeconds());
        return shape;
    }

    private ObjectNode invocationShape(Invocation invocation, boolean details) {
        Invocation.View view = invocation.view();
        SentCommand command = invocation.command;
        ObjectNode shape = Json.object();
        shape.put("CommandId", command.commandId());
        shape.put("InstanceId", invocation.instanceId);
        shape.put("InstanceName", "");
        shape.put("Comment", command.comment() == null ? "" : command.comment());
        shape.put("DocumentName", command.documentName());
        shape.put("DocumentVersion", "$DEFAULT");
        shape.put("RequestedDateTime", Json.epochSeconds(command.requestedAt()));
        shape.put("Status", view.status());
        shape.put("StatusDetails", view.statusDetails());
        shape.put("TraceOutput", "");
        shape.put("StandardOutputUrl", "");
        shape.put("StandardErrorUrl", "");
        var plugins = shape.putArray("CommandPlugins");
        if (details) {
            ObjectNode plugin = plugins.addObject();
            plugin.put("Name", PLUGIN);
            plugin.put("Status", view.status());
            plugin.put("StatusDetails", view.statusDetails());
            plugin.put("ResponseCode", view.responseCode());
            if (view.startedAt() != null) {
                plugin.put("ResponseStartDateTime", Json.epochSeconds(view.startedAt()));
            }
            if (view.endedAt() != null) {
                plugin.put("ResponseFinishDateTime", Json.epochSeconds(view.endedAt()));
            }
            String output = view.stdout() + (view.stderr().isEmpty()
                    ? ""
                    : "\n----------ERROR-------\n"
                            + view.stderr());
            plugin.put("Output", output.length() > PLUGIN_OUTPUT_LIMIT
                    ? output.substring(0, PLUGIN_OUTPUT_LIMIT)
                    : output);
            plugin.put("StandardOutputUrl", "");
            plugin.put("StandardErrorUrl", "");
            plugin.put("OutputS3Region", region);
            plugin.put("OutputS3BucketName", "");
            plugin.put("OutputS3KeyPrefix", "");
        }
        shape.put("ServiceRole", "");
        shape.putObject("NotificationConfig").put("NotificationArn", "").putArray("NotificationEvents");
        shape.putObject("CloudWatchOutputConfig").put("CloudWatchLogGroupName", "")
                .put("CloudWatchOutputEnabled", false);
        return shape;
    }

    private static boolean terminal(String status) {
        return !"Pending".equals(status) && !"InProgress".equals(status);
    }

    // ---- execution

    private void dispatch() {
        try {
            Instant now = Instant.now();
            List<Invocation> pending = new ArrayList<>();
            synchronized (this) {
                commands.values().forEach(s -> s.invocations().stream().filter(Invocation::pending)
                        .forEach(pending::add));
            }
            for (Invocation invocation : pending) {
                SentCommand command = invocation.command;
                if (now.isAfter(command.requestedAt().plusSeconds(command.timeoutSeconds()))) {
                    invocation.deliveryTimedOut();
                    continue;
                }
                ManagedInstance instance = instances.get(invocation.instanceId).orElse(null);
                if (instance == null || !instance.online() || now.isBefore(invocation.startableAt)
                        || !busy.add(invocation.instanceId)) {
                    continue;
                }
                if (!invocation.begin()) {
                    busy.remove(invocation.instanceId);
                    continue;
                }
                runners.execute(() -> execute(invocation, instance));
            }
        } catch (RuntimeException e) {
            // A tick must never die: the scheduler would stop running the next ones.
            System.err.println("local SSM endpoint: dispatch failed: " + e);
        }
    }

    /** Runs the commands; exit 194 reruns them once (SSM's reboot), and the rerun's result counts. */
    private void execute(Invocation invocation, ManagedInstance instance) {
        try {
            SentCommand command = invocation.command;
            String script = String.join("\n", command.parameters().get("commands"));
            Path work = instance.sandbox().resolve("work").resolve(command.commandId());
            List<String> workingDirectory = command.parameters().get("workingDirectory");
            if (workingDirectory != null && !workingDirectory.isEmpty() && !workingDirectory.get(0).isBlank()) {
                work = work.resolve(workingDirectory.get(0));
            }
            Path output = instance.sandbox().resolve("ssm-output").resolve(command.commandId());
            Instant deadline = Instant.now().plusSeconds(invocation.executionTimeoutSeconds);
            ShellRun.Result result = null;
            for (int run = 1; run <= 2; run++) {
                ShellRun shell = ShellRun.start(instance, script, work, output, run, region);
                if (!invocation.running(shell)) {
                    shell.cancel();
                }
                result = shell.await(deadline);
                if (result.end() != ShellRun.End.EXITED || result.exitCode() != REBOOT_EXIT) {
                    break;
                }
            }
            switch (result.end()) {
                case CANCELLED -> invocation.finish("Cancelled", "Cancelled", -1, result.stdout(), result.stderr());
                case TIMED_OUT -> invocation.finish("TimedOut", "ExecutionTimedOut", -1, result.stdout(),
                        result.stderr());
                case EXITED -> {
                    boolean success = result.exitCode() == 0;
                    invocation.finish(success ? "Success" : "Failed", success ? "Success" : "Failed",
                            result.exitCode(), result.stdout(), result.stderr());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            invocation.finish("Failed", "Failed", -1, "", "local SSM endpoint stopped: " + e);
        } catch (RuntimeException e) {
            invocation.finish("Failed", "Failed", -1, "", "local SSM endpoint could not run the commands: " + e);
        } finally {
            busy.remove(invocation.instanceId);
        }
    }

    @Override
    public void close() {
        dispatcher.shutdownNow();
        List<Invocation> running = new ArrayList<>();
        synchronized (this) {
            commands.values().forEach(s -> s.invocations().stream().filter(i -> !i.finished())
                    .forEach(running::add));
        }
        running.forEach(Invocation::cancel);
        runners.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
