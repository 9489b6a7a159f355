package dev.distributor.fleet.service;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Texts;

/** What an agent reports about its host, checked against docs/AGENT-PROTOCOL.md before anything is stored. */
public final class AgentFacts {

    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final Pattern PLATFORM_VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9_.-]{3,128}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private AgentFacts() {
    }

    public static String hostname(String value) {
        return text("HOSTNAME", value, 253);
    }

    public static String platform(String value) {
        return matching("PLATFORM", value, PLATFORM);
    }

    public static String platformVersion(String value) {
        return matching("PLATFORM_VERSION", value, PLATFORM_VERSION);
    }

    public static String arch(String value) {
        return matching("ARCH", value, ARCH);
    }

    public static String agentVersion(String value) {
        return text("AGENT_VERSION", value, 64);
    }

    /** Parses repeated {@code <package>=<version>} values into a map, refusing malformed or repeated packages. */
    public static Map<String, String> installed(List<String> values) {
        Map<String, String> installed = new LinkedHashMap<>();
        if (values == null) {
            return installed;
        }
        for (String value : values) {
            int eq = value == null ? -1 : value.indexOf('=');
            if (eq < 0 || !PACKAGE.matcher(value.substring(0, eq)).matches()
                    || !VERSION.matcher(value.substring(eq + 1)).matches()) {
                throw invalid("INSTALLED", "INSTALLED values must read <package>=<version>; got '" + value + "'.");
            }
            if (installed.put(value.substring(0, eq), value.substring(eq + 1)) != null) {
                throw invalid("INSTALLED", "INSTALLED names package '" + value.substring(0, eq) + "' twice.");
            }
        }
        return installed;
    }

    /**
     * Parses repeated {@code BROKEN=<package>} values (docs/AGENT-PROTOCOL.md): each names a package that
     * {@code installed} lists, once; refuses anything else.
     */
    public static Set<String> broken(List<String> values, Map<String, String> installed) {
        Set<String> broken = new LinkedHashSet<>();
        if (values == null) {
            return broken;
        }
        for (String value : values) {
            if (value == null || !PACKAGE.matcher(value).matches()) {
                throw invalid("BROKEN", "BROKEN values must name a package; got '" + value + "'.");
            }
            if (!installed.containsKey(value)) {
                throw invalid("BROKEN", "BROKEN names package '" + value + "', which INSTALLED does not list.");
            }
            if (!broken.add(value)) {
                throw invalid("BROKEN", "BROKEN names package '" + value + "' twice.");
            }
        }
        return broken;
    }

    public static DistributorException invalid(String field, String message) {
        return new DistributorException(ErrorCode.INVALID_FACTS, message, Map.of("field", field));
    }

    private static String matching(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw invalid(field, field + " is missing or malformed; expected " + pattern.pattern() + ".");
        }
        return value;
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max
                || Texts.firstRefused(value, Texts.Lines.ONE).isPresent()) {
            throw invalid(field,
                    field + " must be 1 to " + max + " printable characters (no control or bidirectional control).");
        }
        return value;
    }
}
