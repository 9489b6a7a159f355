package dev.distributor.common.error;

import java.util.Map;
import java.util.regex.Pattern;

/** The naming rules of DESIGN.md §2, checked in one place so every entry point refuses the same names. */
public final class Names {

    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9_.-]{3,128}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private Names() {
    }

    public static String packageName(String field, String name) {
        return check(field, name, PACKAGE, "a package name: 3 to 128 letters, digits, '_', '.' or '-'");
    }

    public static String versionName(String field, String name) {
        return check(field, name, VERSION, "a version name: 1 to 128 letters, digits, '_', '.' or '-'");
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

    private static DistributorException invalid(String field, String value, String expected) {
        String shown = value == null ? "nothing" : "'" + value + "'";
        return new DistributorException(ErrorCode.INVALID_NAME,
                field + " must be " + expected + "; got " + shown + ".", Map.of("field", field));
    }
}
