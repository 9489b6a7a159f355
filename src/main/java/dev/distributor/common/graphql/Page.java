package dev.distributor.common.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Texts;

/**
 * Keyset pagination arguments: {@code first} items after the opaque {@code after} cursor. Cursors encode the sort key,
 * so pages stay stable while rows are added.
 */
public record Page(int first, String afterKey) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public static Page of(Integer first, String after) {
        int size = first == null ? DEFAULT_SIZE : first;
        if (size < 1 || size > MAX_SIZE) {
            throw new DistributorException(ErrorCode.INVALID_INPUT,
                    "first must be between 1 and " + MAX_SIZE + "; got " + size + ".", Map.of("field", "first"));
        }
        return new Page(size, after == null || after.isEmpty() ? null : decode(after));
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            // Keys are names, ids and timestamps; anything else was not made here and must not reach a query.
            if (key.indexOf('\uFFFD') >= 0 || Texts.firstRefused(key, Texts.Lines.ONE).isPresent()) {
                throw new IllegalArgumentException("not a key this API encodes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new DistributorException(ErrorCode.INVALID_INPUT,
                    "after is not a cursor this API returned.", Map.of("field", "after"));
        }
    }

    /** Limit to ask the database for: one more than the page, to learn whether a next page exists. */
    public int fetchSize() {
        return first + 1;
    }

    /** Trims the probe row and builds the page info, keyed by {@code key}. */
    public <T> Slice<T> slice(List<T> rows, Function<T, String> key) {
        boolean more = rows.size() > first;
        List<T> items = more ? rows.subList(0, first) : rows;
        String start = items.isEmpty() ? null : encode(key.apply(items.get(0)));
        String end = items.isEmpty() ? null : encode(key.apply(items.get(items.size() - 1)));
        return new Slice<>(items, new PageInfo(more, afterKey != null, start, end));
    }

    public record Slice<T>(List<T> items, PageInfo pageInfo) {
    }
}
