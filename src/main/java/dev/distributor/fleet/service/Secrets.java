package dev.distributor.fleet.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their stored form. Secrets carry 256 random bits, so a fast hash is enough to store them. */
public final class Secrets {

    public static final String AGENT_TOKEN_PREFIX = "dagt_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code dagt_} and 256 random bits, base64url without padding (43 characters). */
    public static String newAgentToken() {
        return AGENT_TOKEN_PREFIX + randomBase64Url(32);
    }

    /** An activation code: 160 random bits, base64url. */
    public static String newActivationCode() {
        return randomBase64Url(20);
    }

    /** {@code mi-} and 17 random hex digits, the form SSM gives hybrid instances. */
    public static String newInstanceId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return "mi-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    /** Whether the text has the shape of an agent token; anything else is refused without a lookup. */
    public static boolean looksLikeAgentToken(String token) {
        return token != null && token.length() == AGENT_TOKEN_PREFIX.length() + 43
                && token.startsWith(AGENT_TOKEN_PREFIX)
                && token.substring(AGENT_TOKEN_PREFIX.length()).chars()
                        .allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }

    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Compares a secret with a stored hash in time independent of where they differ. */
    public static boolean matches(String secret, String storedSha256Hex) {
        if (secret == null || storedSha256Hex == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256Hex(secret).getBytes(StandardCharsets.US_ASCII),
                storedSha256Hex.getBytes(StandardCharsets.US_ASCII));
    }

    private static String randomBase64Url(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
