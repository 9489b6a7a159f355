package dev.distributor.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Additional arguments as they travel to hosts, and the hash that tells whether a target has a version installed with
 * the same arguments (DESIGN.md §4.6). The agent hashes the ARGUMENTS value it received, so both sides agree when the
 * encoding is canonical: names sorted.
 */
public final class Arguments {

    private Arguments() {
    }

    /** The ARGUMENTS value of the agent protocol: base64 of lines {@code NAME=<base64 of value>}, names sorted. */
    public static String encode(Map<String, String> arguments) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(arguments == null ? Map.<String, String>of() : arguments)
                .forEach((name, value) -> lines.append(name).append('=')
                        .append(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                        .append('\n'));
        return Base64.getEncoder().encodeToString(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Lowercase hex sha256 of {@link #encode}, what {@code installed_package.arguments_hash} holds. */
    public static String hash(Map<String, String> arguments) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(encode(arguments).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
