package dev.distributor.simulator;

import java.util.Objects;

/**
 * The facts a kind of simulated host registers with; the fleet draws each agent's profile by weight.
 *
 * @param platform os-release ID as mapped by the protocol ({@code ubuntu}, {@code amazon}, {@code redhat}, ...)
 * @param platformVersion os-release VERSION_ID
 * @param arch {@code x86_64}, {@code 386} or {@code arm64}
 * @param weight relative share of the fleet, positive
 */
public record HostProfile(String platform, String platformVersion, String arch, double weight) {

    public HostProfile {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(platformVersion, "platformVersion");
        Objects.requireNonNull(arch, "arch");
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be positive: " + weight);
        }
    }

    public static HostProfile of(String platform, String platformVersion, String arch) {
        return new HostProfile(platform, platformVersion, arch, 1);
    }

    /** Parses {@code platform:version:arch[:weight]}, the CLI's form. */
    public static HostProfile parse(String text) {
        String[] parts = text.split(":");
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException("expected platform:version:arch[:weight], got " + text);
        }
        return new HostProfile(parts[0], parts[1], parts[2], parts.length == 4 ? Double.parseDouble(parts[3]) : 1);
    }
}
