package dev.distributor.catalog.manifest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Turns the bytes of a manifest (a multipart part, a bundle's {@code manifest.json}) into its text without changing
 * a byte: the decoder reports malformed or unmappable input instead of replacing it with U+FFFD, so the text stored
 * encodes back to exactly the bytes sent (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). A byte order mark
 * is kept as it came; the parser then refuses it as not JSON.
 */
public final class ManifestBytes {

    private ManifestBytes() {
    }

    /**
     * @param field the request field the bytes came in ({@code manifest}, {@code bundle}), the {@code field} detail
     * @param what the bytes as the message names them ("manifest", "bundle's manifest.json")
     * @throws DistributorException {@link ErrorCode#INVALID_MANIFEST} with the byte {@code offset} of the first byte
     *         that is not UTF-8
     */
    public static String decode(byte[] bytes, String field, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw notUtf8(field, what, in.position(), result.length());
        }
        return out.flip().toString();
    }

    /**
     * For text a framework decoded before we saw it (a plain multipart field): the replacement character is all that
     * is left of bytes that were not UTF-8, so it is refused, with its character offset.
     */
    public static String requireNoReplacement(String text, String source) {
        int index = text.indexOf('\uFFFD');
        if (index >= 0) {
            var details = new LinkedHashMap<String, Object>();
            details.put("field", source);
            details.put("jsonPath", JsonPaths.ROOT);
            details.put("offset", index);
            throw new DistributorException(ErrorCode.INVALID_MANIFEST, "The " + source + " holds U+FFFD at character "
                    + index + ": the bytes sent there were not valid UTF-8 and were replaced on the way in. Send the "
                    + "manifest as a file part (curl -F " + source + "=@manifest.json) so its exact bytes are kept.",
                    details);
        }
        return text;
    }

    /** {@code length} is how many bytes are malformed. */
    private static DistributorException notUtf8(String field, String what, int offset, int length) {
        var details = new LinkedHashMap<String, Object>();
        details.put("field", field);
        details.put("jsonPath", JsonPaths.ROOT);
        details.put("offset", offset);
        return new DistributorException(ErrorCode.INVALID_MANIFEST, "The " + what + " is not valid UTF-8: "
                + (length == 1 ? "the byte" : length + " bytes") + " at byte offset " + offset + " cannot be decoded."
                + " A manifest is a UTF-8 JSON document; it is refused rather than stored with that byte replaced.",
                details);
    }
}
