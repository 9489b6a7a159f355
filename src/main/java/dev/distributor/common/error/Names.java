package dev.distributor.common.error;

import java.util.Map;
import java.util.regex.Pattern;

/** The naming rules of DESIGN.md §2, checked in one place so every entry point refuses the same names. */
public final class Names {

    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9_.-]{3,128}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private Names() {
    }

    public static String packageName(String field, String name) {
        return check(field, name, PACKAGE, "a package name: 3 to 128 letters, digits, '_', '.' or '-'");
    }

    /** The start of a package name, as the package list filters by: up to 128 of the characters names use. */
    public static String namePrefix(String field, String prefix) {
        return check(field, prefix, NAME_PREFIX, "the start of a package name: up to 128 letters, digits, '_', '.' or"
                + " '-'");
    }

    /** Versions become folder names on hosts, so '.' and '..' are refused like they are for files. */
    public static String versionName(String field, String name) {
        String checked = check(field, name, VERSION, "a version name: 1 to 128 letters, digits, '_', '.' or '-'");
        if (checked.equals(".") || checked.equals("..")) {
            throw invalid(field, name, "a version name other than '.' or '..'");
        }
        return checked;
    }

    /**
     * A target's instance id: {@code mi-} and 17 hex digits for agents, the EC2/SSM id for SSM instances. Checked on
     * reads so a malformed id answers INVALID_NAME instead of reaching SQL.
     */
    public static String instanceId(String field, String id) {
        return check(field, id, INSTANCE_ID, "an instance id: 1 to 128 letters, digits, '_', '.', ':' or '-'");
    }

    public static String fileName(String field, String name) {
        String checked = check(field, name, FILE, "a file name: 1 to 255 letters, digits, '_', '.' or '-'");
        if (checked.equals(".") || checked.equals("..")) {
            throw invalid(field, name, "a file name other than '.' or '..'");
        }
        return checked;
    }

    /** Returns the hash in lower case, the form keys and comparisons use. */
    public static String sha256(String field, String hex) {
        if (hex == null || !SHA256.matcher(hex).matches()) {
            throw new DistributorException(ErrorCode.INVALID_INPUT,
                    field + " must be a sha256 digest: 64 hexadecimal characters.", Map.of("field", field));
        }
        return hex.toLowerCase();
    }

    private static String check(String field, String value, Pattern pattern, String expected) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw invalid(field, value, expected);
        }
        return value;
    }

    /** The value as a message may quote it: at most 64 characters, controls and bidi controls as U+XXXX. */
    private static String shown(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) : value;
        var out = new StringBuilder();
        for (char c : cut.toCharArray()) {
            out.append(Texts.isRefused(c, Texts.Lines.ONE) || Character.isSurrogate(c)
                    ? String.format("U+%04X", (int) c)
                    : String.valueOf(c));
        }
        return value.length() > 64 ? out + "... (" + value.length() + " characters)" : out.toString();
    }

    private static DistributorException invalid(String field, String value, String expected) {
        String shown = value == null ? "nothing" : "'" + shown(value) + "'";
        return new DistributorException(ErrorCode.INVALID_NAME,
                field + " must be " + expected + "; got " + shown + ".", Map.of("field", field));
    }
}
