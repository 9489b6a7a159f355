package dev.distributor.testing;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/**
 * Raw deflate streams (RFC 1951) written by hand, so test zips ({@link RawZip}, the hostile corpus) are the same bytes
 * on every JVM whatever zlib it carries: plain data as literals in one fixed-Huffman block, and runs of zeros at
 * deflate's best ratio (1032:1, two bits per 258-byte match) in one dynamic block, for zip bombs that stay small on
 * disk.
 */
public final class Deflate {

    private Deflate() {
    }

    /** {@code data} as literals: one final block with the fixed Huffman codes (RFC 1951 §3.2.6). */
    public static byte[] fixedHuffman(byte[] data) {
        var out = new Bits();
        out.bits(1, 1);
        out.bits(1, 2);
        for (byte b : data) {
            int literal = b & 0xff;
            if (literal < 144) {
                out.code(0x30 + literal, 8);
            } else {
                out.code(0x190 + literal - 144, 9);
            }
        }
        out.code(0, 7);
        return out.finish();
    }

    /**
     * {@code count} zero bytes (count at least 1): one literal zero, then matches of length 258 at distance 1. The
     * dynamic block's codes are: literal/length 285 (length 258) = "0", literal 0 = "10", end of block = "11";
     * distance codes 0 and 1 = "0" and "1". Its code lengths are sent with the code-length code 18 = "0", 1 = "10",
     * 2 = "11".
     */
    public static byte[] zeros(long count) {
        var out = new Bits();
        out.bits(1, 1);
        out.bits(2, 2);
        out.bits(286 - 257, 5);
        out.bits(2 - 1, 5);
        out.bits(18 - 4, 4);
        // Code-length code lengths, in the order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1.
        int[] codeLengthLengths = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2};
        for (int length : codeLengthLengths) {
            out.bits(length, 3);
        }
        out.code(0b11, 2); // literal 0: length 2
        zeroRun(out, 138); // literals 1-255: unused
        zeroRun(out, 117);
        out.code(0b11, 2); // 256, end of block: length 2
        zeroRun(out, 28); // 257-284: unused
        out.code(0b10, 2); // 285, length 258: length 1
        out.code(0b10, 2); // distance 0: length 1
        out.code(0b10, 2); // distance 1: length 1
        out.code(0b10, 2); // the first zero, a literal
        long matches = (count - 1) / 258;
        long literals = (count - 1) % 258;
        for (long i = 0; i < matches; i++) {
            out.code(0, 1);
            out.code(0, 1);
        }
        for (long i = 0; i < literals; i++) {
            out.code(0b10, 2);
        }
        out.code(0b11, 2);
        return out.finish();
    }

    /** The CRC-32 of {@code count} zero bytes. */
    public static long crcOfZeros(long count) {
        var crc = new CRC32();
        byte[] block = new byte[1 << 20];
        for (long left = count; left > 0; left -= block.length) {
            crc.update(block, 0, (int) Math.min(block.length, left));
        }
        return crc.getValue();
    }

    private static void zeroRun(Bits out, int count) {
        out.code(0, 1);
        out.bits(count - 11, 7);
    }

    /** Deflate's bit order: fields least significant bit first, Huffman codes most significant bit first. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void bits(int value, int count) {
            for (int i = 0; i < count; i++) {
                bit((value >>> i) & 1);
            }
        }

        void code(int code, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bit((code >>> i) & 1);
            }
        }

        private void bit(int bit) {
            current |= bit << used;
            if (++used == 8) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }

        byte[] finish() {
            if (used > 0) {
                out.write(current);
            }
            return out.toByteArray();
        }
    }
}
