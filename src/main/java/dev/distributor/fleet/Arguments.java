package dev.distributor.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.distributor.common.error.DistributorException;

/**
 * Additional arguments: the rule they follow, how they travel to hosts, and the hash that tells whether a target has a
 * version installed with the same arguments (DESIGN.md §4.6).
 * <p>
 * The rule is AWS's, from the {@code additionalArguments} parameter of {@code AWS-ConfigureAWSPackage} (AWS Systems
 * Manager User Guide, "aws:configurePackage" in the Command document plugin reference): every name begins with
 * {@code SSM_}, and all names and values together have at most 4,096 characters. So a package built for AWS reads the
 * same variables, and no name can reach the shell or the loader ({@code PATH}, {@code LD_PRELOAD}, {@code BASH_ENV},
 * {@code ENV}, {@code IFS}). Here a name is {@code SSM_} and one or more letters, digits or {@code _}; a value is any
 * text without NUL (an environment variable cannot hold one) that encodes as UTF-8 (no lone surrogate).
 * <p>
 * The agent hashes the ARGUMENTS value it received, so both sides agree when the encoding is canonical: names sorted.
 */
public final class Arguments {

    /** What a name must match. */
    public static final Pattern NAME = Pattern.compile("SSM_[A-Za-z0-9_]+");
    /** At most this many characters (Unicode code points) in all names and values together, as in AWS. */
    public static final int MAX_CHARACTERS = 4096;

    private Arguments() {
    }

    /**
     * The arguments, in their order, when they follow the rule.
     *
     * @param arguments names to values, in the order the client gave them (the index in error fields is that order)
     * @throws DistributorException INVALID_INPUT with field {@code arguments[i].name} or {@code arguments[i].value}
     *         naming the first offending argument, or {@code arguments} when all together are too long
     */
    public static Map<String, String> validated(Map<String, String> arguments) {
        Map<String, String> checked = new LinkedHashMap<>();
        long characters = 0;
        int index = 0;
        for (var entry : (arguments == null ? Map.<String, String>of() : arguments).entrySet()) {
            String field = "arguments[" + index + "]";
            String name = entry.getKey();
            if (name == null || !NAME.matcher(name).matches()) {
                throw DistributorException.invalidInput(field + ".name", "Argument names begin with SSM_ followed by "
                        + "letters, digits or '_' (as in AWS-ConfigureAWSPackage), so no argument can set PATH, "
                        + "LD_PRELOAD or another variable of the shell; got " + shown(name) + ".");
            }
            String value = entry.getValue();
            if (value == null) {
                throw DistributorException.invalidInput(field + ".value", "Argument " + name + " has no value.");
            }
            if (value.indexOf('\0') >= 0) {
                throw DistributorException.invalidInput(field + ".value", "The value of " + name
                        + " holds a NUL character, which no environment variable can carry.");
            }
            if (!encodable(value)) {
                throw DistributorException.invalidInput(field + ".value", "The value of " + name
                        + " is not valid Unicode text (it holds a lone surrogate).");
            }
            characters += name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
            checked.put(name, value);
            index++;
        }
        if (characters > MAX_CHARACTERS) {
            throw DistributorException.invalidInput("arguments", "Additional arguments may have at most "
                    + MAX_CHARACTERS + " characters in all, names and values together (as in AWS-ConfigureAWSPackage); "
                    + "these have " + characters + ".");
        }
        return checked;
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

    private static boolean encodable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A name for an error message: quoted, at most 64 characters, control characters as '?'. */
    private static String shown(String name) {
        if (name == null) {
            return "no name";
        }
        String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return "'" + cut.codePoints()
                .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "'";
    }
}
