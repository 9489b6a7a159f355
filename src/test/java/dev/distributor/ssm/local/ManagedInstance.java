package dev.distributor.ssm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One instance registered with the local endpoint: what DescribeInstanceInformation and ListTagsForResource say about
 * it, and the sandbox its commands run in ({@code state}, {@code root}, {@code home}, {@code work/<commandId>}).
 * Setters are fluent and thread-safe; a change shows in the next answer. An instance whose PingStatus is not
 * {@code Online} keeps its invocations Pending (the agent is not there to take them) until their delivery timeout.
 */
public final class ManagedInstance {

    /** The agent version new instances report, and the one IsLatestVersion compares with. */
    public static final String LATEST_AGENT_VERSION = "3.3.987.0";

    private final String instanceId;
    private final Path sandbox;
    private final String ipAddress;
    private final Instant registeredAt;
    private String platformType = "Linux";
    private String platformName = "Ubuntu";
    private String platformVersion = "22.04";
    private String pingStatus = "Online";
    private Instant lastPing;
    private Map<String, String> tags = Map.of();
    private String agentVersion = LATEST_AGENT_VERSION;
    private String computerName;

    ManagedInstance(String instanceId, Path sandbox, String ipAddress) {
        this.instanceId = instanceId;
        this.sandbox = sandbox;
        this.ipAddress = ipAddress;
        this.computerName = instanceId;
        this.registeredAt = Instant.now();
        this.lastPing = registeredAt;
        try {
            for (String dir : new String[]{"state", "root", "home", "work"}) {
                Files.createDirectories(sandbox.resolve(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox of " + instanceId, e);
        }
    }

    /** PlatformType (Linux | Windows | MacOS), PlatformName ("Ubuntu", "Amazon Linux", ...) and PlatformVersion. */
    public synchronized ManagedInstance platform(String platformType, String platformName, String platformVersion) {
        this.platformType = platformType;
        this.platformName = platformName;
        this.platformVersion = platformVersion;
        return this;
    }

    /** Online | ConnectionLost | Inactive. Not Online: LastPingDateTime stays at the last time it was Online. */
    public synchronized ManagedInstance pingStatus(String status) {
        if ("Online".equals(pingStatus)) {
            lastPing = Instant.now();
        }
        this.pingStatus = status;
        return this;
    }

    /** The tags ListTagsForResource answers (replaces the previous ones). */
    public synchronized ManagedInstance tags(Map<String, String> tags) {
        this.tags = Map.copyOf(tags);
        return this;
    }

    public synchronized ManagedInstance agentVersion(String version) {
        this.agentVersion = version;
        return this;
    }

    public synchronized ManagedInstance computerName(String name) {
        this.computerName = name;
        return this;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The folder standing for this instance's disk: {@code state}, {@code root}, {@code home}, {@code work}. */
    public Path sandbox() {
        return sandbox;
    }

    public synchronized String platformType() {
        return platformType;
    }

    public synchronized String platformName() {
        return platformName;
    }

    public synchronized String platformVersion() {
        return platformVersion;
    }

    public synchronized String pingStatus() {
        return pingStatus;
    }

    public synchronized boolean online() {
        return "Online".equals(pingStatus);
    }

    public synchronized Map<String, String> tags() {
        return new TreeMap<>(tags);
    }

    public synchronized String agentVersion() {
        return agentVersion;
    }

    public synchronized String computerName() {
        return computerName;
    }

    public String ipAddress() {
        return ipAddress;
    }

    /** {@code ManagedInstance} for hybrid ids ({@code mi-}), {@code EC2Instance} for EC2 ids ({@code i-}). */
    public String resourceType() {
        return instanceId.startsWith("mi-") ? "ManagedInstance" : "EC2Instance";
    }

    Instant registeredAt() {
        return registeredAt;
    }

    /** Now while Online (the agent pings every few minutes; a fresh value is close enough), else the last ping. */
    synchronized Instant lastPing() {
        return online() ? Instant.now() : lastPing;
    }
}
