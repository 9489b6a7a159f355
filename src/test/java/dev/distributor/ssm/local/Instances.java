package dev.distributor.ssm.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The registered instances, and the two operations about them: DescribeInstanceInformation and ListTagsForResource
 * (AWS API reference, Systems Manager). Instances are listed in registration order.
 */
final class Instances {

    private record Registered(ManagedInstance instance, long sequence) {
    }

    private final Path root;
    private final Map<String, Registered> registered = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger addresses = new AtomicInteger();

    Instances(Path root) {
        this.root = root;
    }

    synchronized ManagedInstance add(String instanceId) {
        if (!instanceId.matches("(mi-\\w{17}|i-(\\w{8}|\\w{17}))")) {
            throw new IllegalArgumentException(
                    "not an SSM instance id (mi- and 17 characters, i- and 8 or 17): " + instanceId);
        }
        if (registered.containsKey(instanceId)) {
            throw new IllegalArgumentException("already registered: " + instanceId);
        }
        String address = "10.0." + (addresses.get() / 254) % 256 + "." + (addresses.getAndIncrement() % 254 + 1);
        ManagedInstance instance = new ManagedInstance(instanceId, root.resolve(instanceId), address);
        registered.put(instanceId, new Registered(instance, sequence.incrementAndGet()));
        return instance;
    }

    synchronized Optional<ManagedInstance> get(String instanceId) {
        return Optional.ofNullable(registered.get(instanceId)).map(Registered::instance);
    }

    synchronized void remove(String instanceId) {
        registered.remove(instanceId);
    }

    private synchronized List<Registered> all() {
        return new ArrayList<>(registered.values());
    }

    JsonNode describeInstanceInformation(JsonNode request) {
        int maxResults = Json.integer(request, "MaxResults", 5, 50, 50);
        Predicate<ManagedInstance> filter = filters(request);
        List<Registered> listed = all().stream().filter(r -> filter.test(r.instance())).toList();
        ObjectNode answer = Json.object();
        Pages.page(request, maxResults, listed, Registered::sequence, r -> information(r.instance()), answer,
                "InstanceInformationList");
        return answer;
    }

    JsonNode listTagsForResource(JsonNode request) {
        String type = Json.text(request, "ResourceType");
        String id = Json.text(request, "ResourceId");
        if (!"ManagedInstance".equals(type)) {
            // Documents, maintenance windows and the like are not kept here; EC2 tags belong to the EC2 API.
            throw new SsmError("InvalidResourceType", "The resource type " + type + " isn't supported here.");
        }
        ManagedInstance instance = id == null || !id.startsWith("mi-") ? null : get(id).orElse(null);
        if (instance == null) {
            throw new SsmError("InvalidResourceId", "The resource ID \"" + id + "\" isn't valid.");
        }
        ObjectNode answer = Json.object();
        var list = answer.putArray("TagList");
        instance.tags().forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
        return answer;
    }

    private static ObjectNode information(ManagedInstance instance) {
        ObjectNode item = Json.object();
        item.put("InstanceId", instance.instanceId());
        item.put("PingStatus", instance.pingStatus());
        item.put("LastPingDateTime", Json.epochSeconds(instance.lastPing()));
        item.put("AgentVersion", instance.agentVersion());
        item.put("IsLatestVersion", ManagedInstance.LATEST_AGENT_VERSION.equals(instance.agentVersion()));
        item.put("PlatformType", instance.platformType());
        item.put("PlatformName", instance.platformName());
        item.put("PlatformVersion", instance.platformVersion());
        item.put("ResourceType", instance.resourceType());
        item.put("IPAddress", instance.ipAddress());
        item.put("ComputerName", instance.computerName());
        item.put("AssociationStatus", "Success");
        if (instance.instanceId().startsWith("mi-")) {
            // Only hybrid activations carry a Name, an activation and a service role.
            item.put("Name", instance.computerName());
            item.put("ActivationId", "00000000-0000-0000-0000-000000000000");
            item.put("IamRole", "SSMServiceRole");
            item.put("RegistrationDate", Json.epochSeconds(instance.registeredAt()));
        }
        return item;
    }

    /**
     * Both filter forms SSM accepts: {@code Filters} [{Key, Values}] (InstanceIds, AgentVersion, PingStatus,
     * PlatformTypes, ResourceType, AssociationStatus, tag:<key>, tag-key) and the older
     * {@code InstanceInformationFilterList} [{key, valueSet}]. Filters combine with AND, values of one with OR.
     */
    private static Predicate<ManagedInstance> filters(JsonNode request) {
        Predicate<ManagedInstance> all = instance -> true;
        for (String list : new String[]{"Filters", "InstanceInformationFilterList"}) {
            JsonNode filters = request.get(list);
            if (filters == null || !filters.isArray()) {
                continue;
            }
            for (JsonNode filter : filters) {
                String key = Json.either(filter, "key");
                List<String> values = Json.texts(filter, filter.has("Values") ? "Values" : "valueSet");
                if (values.isEmpty()) {
                    values = Json.texts(filter, "ValueSet");
                }
                all = all.and(filter(key, List.copyOf(values)));
            }
        }
        return all;
    }

    private static Predicate<ManagedInstance> filter(String key, List<String> values) {
        if (key == null) {
            throw new SsmError("InvalidFilterKey", "A filter needs a key.");
        }
        if (key.startsWith("tag:")) {
            String tag = key.substring(4);
            return i -> values.contains(i.tags().get(tag));
        }
        return switch (key) {
            case "InstanceIds" -> i -> values.contains(i.instanceId());
            case "AgentVersion" -> i -> values.contains(i.agentVersion());
            case "PingStatus" -> i -> values.contains(i.pingStatus());
            case "PlatformTypes" -> i -> values.contains(i.platformType());
            case "ResourceType" -> i -> values.contains(i.resourceType());
            case "AssociationStatus" -> i -> values.contains("Success");
            case "tag-key" -> i -> i.tags().keySet().stream().anyMatch(values::contains);
            default -> throw new SsmError("InvalidFilterKey", "The filter key " + key + " isn't valid.");
        };
    }
}
