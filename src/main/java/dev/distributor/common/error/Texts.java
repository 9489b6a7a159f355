package dev.distributor.common.error;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * The rule for free text a client sends (descriptions, publishers, tags, every string inside a manifest): no
 * character that can hide or rewrite what a person reads. Refused are the C0 controls (NUL, ESC and the rest), DEL,
 * the C1 controls, the bidirectional controls (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069, the "Trojan
 * Source" characters of CVE-2021-42574), and a UTF-16 surrogate without its pair, which has no UTF-8 form and would be
 * stored as something else than what was sent. NUL matters twice: PostgreSQL text cannot hold it at all.
 * <p>
 * One-line fields (names, tags, publishers, accounts) refuse tab and newline too; descriptions may hold tab and line
 * feed (a description can be a paragraph), never carriage return, which rewrites a terminal line.
 */
public final class Texts {

    private Texts() {
    }

    /** Which whitespace controls a field accepts besides printable text. */
    public enum Lines {
        /** No control at all: names, tags, publishers, every manifest string. */
        ONE,
        /** Tab and line feed allowed: descriptions. */
        MANY
    }

    /**
     * The UTF-16 index of the first refused character, or empty when the text is acceptable.
     *
     * @param text never null
     */
    public static OptionalInt firstRefused(String text, Lines lines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return OptionalInt.of(i);
            }
            if (Character.isLowSurrogate(c) || isRefused(c, lines)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** True when the character is a control or bidi control the rule refuses (surrogates are judged in pairs). */
    public static boolean isRefused(char c, Lines lines) {
        if (lines == Lines.MANY && (c == '\t' || c == '\n')) {
            return false;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || isBidiControl(c);
    }

    private static boolean isBidiControl(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /** "U+001B (a control character) at character 4", the way refusals name what they found. */
    public static String describeAt(String text, int index) {
        char c = text.charAt(index);
        String kind = Character.isSurrogate(c)
                ? "an unpaired UTF-16 surrogate"
                : isBidiControl(c) ? "a bidirectional control" : "a control character";
        return String.format(Locale.ROOT, "U+%04X (%s) at character %d", (int) c, kind, index);
    }

    /**
     * Checks a free-text input; null passes (absence is the caller's rule).
     *
     * @param maxLength in UTF-16 characters, as {@link String#length()} counts
     * @return the text unchanged
     * @throws DistributorException {@link ErrorCode#INVALID_INPUT} naming {@code field}
     */
    public static String check(String field, String text, int maxLength, Lines lines) {
        if (text == null) {
            return null;
        }
        if (text.length() > maxLength) {
            throw DistributorException.invalidInput(field, field + " must be at most " + maxLength + " characters.");
        }
        OptionalInt refused = firstRefused(text, lines);
        if (refused.isPresent()) {
            throw DistributorException.invalidInput(field, field + " holds " + describeAt(text, refused.getAsInt())
                    + "; control characters and bidirectional controls are not accepted"
                    + (lines == Lines.MANY ? " (tab and line feed are)." : "."));
        }
        return text;
    }

    /** {@link #check} for a one-line field. */
    public static String oneLine(String field, String text, int maxLength) {
        return check(field, text, maxLength, Lines.ONE);
    }

    /** {@link #check} for a description: tab and line feed allowed. */
    public static String description(String field, String text, int maxLength) {
        return check(field, text, maxLength, Lines.MANY);
    }
}
