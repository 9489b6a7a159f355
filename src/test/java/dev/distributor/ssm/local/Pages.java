package dev.distributor.ssm.local;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SSM's paging: at most MaxResults items, and a NextToken while more remain. The token holds the sequence number of
 * the last item given (items have increasing numbers in listing order), so a page is stable when items are added
 * between calls: a new command shows up on a fresh listing, never shifts the pages of one under way.
 */
final class Pages {

    private static final String PREFIX = "local-ssm:";

    private Pages() {
    }

    /**
     * Writes one page of {@code items} (already filtered, in listing order, keyed by increasing sequence numbers)
     * into {@code answer.<member>}, and NextToken when more remain.
     */
    static <T> void page(JsonNode request, int maxResults, List<T> items, ToLongFunction<T> sequence,
            java.util.function.Function<T, JsonNode> shape, ObjectNode answer, String member) {
        long after = after(Json.text(request, "NextToken"));
        ArrayNode array = answer.putArray(member);
        int given = 0;
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            if (sequence.applyAsLong(item) <= after) {
                continue;
            }
            if (given == maxResults) {
                answer.put("NextToken", token(sequence.applyAsLong(items.get(i - 1))));
                return;
            }
            array.add(shape.apply(item));
            given++;
        }
    }

    private static String token(long sequence) {
        return Base64.getEncoder().encodeToString((PREFIX + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static long after(String token) {
        if (token == null || token.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                return Long.parseLong(decoded.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // Falls through to SSM's answer for a token it did not issue.
        }
        throw new SsmError("InvalidNextToken", "The specified token isn't valid.");
    }
}
