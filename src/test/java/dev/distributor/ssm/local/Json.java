package dev.distributor.ssm.local;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading requests and writing answers in SSM's JSON 1.1 shapes. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * A timestamp member as awsJson 1.1 carries it: epoch seconds as a JSON number, with milliseconds as the fraction.
     */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    /** A string member, or null when absent. */
    static String text(JsonNode request, String member) {
        JsonNode node = request.get(member);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** A string list member (empty when absent). */
    static List<String> texts(JsonNode request, String member) {
        List<String> values = new ArrayList<>();
        JsonNode node = request.get(member);
        if (node != null && node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    /** A member of a structure the service model spells in lower case and some clients in Pascal case. */
    static String either(JsonNode node, String lower) {
        String value = text(node, lower);
        return value != null ? value : text(node, Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
    }

    /** An integer member within min..max (ValidationException outside), or the default when absent. */
    static int integer(JsonNode request, String member, int min, int max, int fallback) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw SsmError.validation(lowerFirst(member), node.asText(),
                    "Member must have value between " + min + " and " + max);
        }
        return node.asInt();
    }

    /** A filter value that is a timestamp (ISO-8601, as the CLI and SDK send them), else InvalidFilterValue. */
    static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new SsmError("InvalidFilterValue", "The filter value " + value + " is not a valid timestamp.");
        }
    }

    static String lowerFirst(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
