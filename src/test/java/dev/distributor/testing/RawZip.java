package dev.distributor.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zip files byte by byte, so a test can build what no well-behaved zip library would: a local header that
 * names another file than the central directory, two central entries sharing one local record, a central entry
 * pointing into another entry's data, sizes and CRCs that lie, data descriptors, encryption flags, unknown methods,
 * symlink and other Unix modes, an Info-ZIP Unicode path extra field.
 * <p>
 * Every field not set explicitly holds the honest value, computed when {@link #bytes()} writes the zip: a STORED
 * regular file (mode 0644) made by Unix, its CRC-32 and sizes those of its content. Deflated data comes from
 * {@link Deflate}, so the bytes never depend on the zlib the JVM was built with. Layout (APPNOTE.TXT §4.3): each
 * entry's local record in the order added, the central directory, the end-of-central-directory record; names in
 * UTF-8, times 1980-01-01 00:00, version needed 2.0, no ZIP64 (sizes and offsets are written as their low 32 bits).
 */
public final class RawZip {

    public static final int STORED = 0;
    public static final int DEFLATED = 8;

    /** General purpose bits (APPNOTE.TXT §4.4.4). */
    public static final int FLAG_ENCRYPTED = 1;
    public static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    public static final int FLAG_STRONG_ENCRYPTION = 1 << 6;

    /** "Version made by": host system in the high byte (3 Unix, 0 MS-DOS), specification version 2.0 in the low. */
    public static final int MADE_BY_UNIX = (3 << 8) | 20;
    public static final int MADE_BY_DOS = 20;

    /** Unix file types and permissions (st_mode), kept in the upper half of the external attributes. */
    public static final int REGULAR_FILE = 0100644;
    public static final int DIRECTORY = 040755;
    public static final int SYMLINK = 0120777;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int DATA_DESCRIPTOR = 0x08074b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int LOCAL_HEADER_LENGTH = 30;
    private static final int VERSION_NEEDED = 20;
    private static final int DOS_DATE_1980_01_01 = 0x21;
    private static final int MS_DOS_DIRECTORY_ATTRIBUTE = 0x10;
    private static final int UNICODE_PATH_EXTRA = 0x7075;

    private final List<Entry> entries = new ArrayList<>();

    /** An honest STORED regular file holding {@code content} in UTF-8; change its headers through the entry. */
    public Entry add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Entry add(String name, byte[] content) {
        var entry = new Entry(name, content);
        entries.add(entry);
        return entry;
    }

    /**
     * A deflated entry of {@code count} zero bytes at deflate's best ratio ({@link Deflate#zeros}), so a gigabyte
     * takes about a megabyte; its CRC-32 and size are those of the zeros.
     */
    public Entry addZeros(String name, long count) {
        return add(name, new byte[0]).method(DEFLATED).data(Deflate.zeros(count)).size(count)
                .crc(Deflate.crcOfZeros(count));
    }

    /** Like {@link #add(String, String)}, returning the zip to add more. */
    public RawZip file(String name, String content) {
        add(name, content);
        return this;
    }

    public RawZip file(String name, byte[] content) {
        add(name, content);
        return this;
    }

    /** An empty entry with mode {@link #DIRECTORY}; {@code name} should end with a slash. */
    public RawZip directory(String name) {
        add(name, new byte[0]).unixMode(DIRECTORY);
        return this;
    }

    /** A symbolic link as Info-ZIP {@code zip --symlinks} writes it: mode {@link #SYMLINK}, the target as content. */
    public RawZip symlink(String name, String target) {
        add(name, target).symlink();
        return this;
    }

    /** The first entry added under {@code name} (its central name). */
    public Entry entry(String name) {
        return entries.stream()
                .filter(e -> e.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entry " + name));
    }

    /** One entry: its central header and, unless it points at another entry's bytes, its own local record. */
    public static final class Entry {
        private final String name;
        private final byte[] content;
        private String localName;
        private int method = STORED;
        private byte[] data;
        private int flags;
        private Long crc;
        private final Declared local = new Declared();
        private final Declared central = new Declared();
        private boolean descriptor;
        private int versionMadeBy = MADE_BY_UNIX;
        private long externalAttributes = (long) REGULAR_FILE << 16;
        private String unicodePath;
        private Entry sharesLocalHeaderOf;
        private Entry pointsIntoDataOf;
        private long offset;

        private Entry(String name, byte[] content) {
            this.name = name;
            this.localName = name;
            this.content = content;
        }

        /** Another name in the local header than in the central directory. */
        public Entry localName(String name) {
            localName = name;
            return this;
        }

        /** The method declared in both headers; {@link #DEFLATED} also deflates the content, any other stores it. */
        public Entry method(int method) {
            this.method = method;
            return this;
        }

        public Entry deflated() {
            return method(DEFLATED);
        }

        /** The bytes after the local header, instead of the content as the method would write it. */
        public Entry data(byte[] bytes) {
            data = bytes;
            return this;
        }

        /** The bytes after the local header as they stand at this call: set, or the content as the method writes it. */
        public byte[] data() {
            if (data != null) {
                return data;
            }
            return method == DEFLATED ? Deflate.fixedHuffman(content) : content;
        }

        /** Adds {@code extra} after the data as it stands now, counted in the compressed size of both headers. */
        public Entry trailingData(byte[] extra) {
            byte[] current = data();
            byte[] longer = Arrays.copyOf(current, current.length + extra.length);
            System.arraycopy(extra, 0, longer, current.length, extra.length);
            return data(longer);
        }

        /** Cuts the data as it stands now to {@code length} bytes, which both headers then declare. */
        public Entry truncatedData(int length) {
            return data(Arrays.copyOf(data(), length));
        }

        /** The general purpose bits of both headers ({@code FLAG_*}). */
        public Entry flags(int flags) {
            this.flags = flags;
            return this;
        }

        /** The CRC-32 declared in both headers (and the data descriptor). */
        public Entry crc(long crc) {
            this.crc = crc;
            return this;
        }

        /** The uncompressed size declared in both headers; the compressed size stays the data's length. */
        public Entry size(long size) {
            local.size(size);
            central.size(size);
            return this;
        }

        /** The sizes the local header declares (or, {@link #withDataDescriptor()}, the data descriptor). */
        public Declared local() {
            return local;
        }

        /** The sizes the central header declares. */
        public Declared central() {
            return central;
        }

        /**
         * Sets {@link #FLAG_DATA_DESCRIPTOR}: the local header declares CRC and sizes as 0 and a data descriptor (with
         * its signature) after the data carries the local values.
         */
        public Entry withDataDescriptor() {
            descriptor = true;
            flags |= FLAG_DATA_DESCRIPTOR;
            return this;
        }

        /**
         * Made by Unix with {@code mode} (file type and permissions) in the high 16 bits of the external attributes,
         * plus the MS-DOS directory bit for a directory, as Info-ZIP writes it.
         */
        public Entry unixMode(int mode) {
            boolean directory = (mode & 0170000) == 040000;
            return madeBy(MADE_BY_UNIX, (long) mode << 16 | (directory ? MS_DOS_DIRECTORY_ATTRIBUTE : 0));
        }

        /** A Unix symbolic link ({@link #SYMLINK}): the content is the target. */
        public Entry symlink() {
            return unixMode(SYMLINK);
        }

        public Entry madeBy(int versionMadeBy, long externalAttributes) {
            this.versionMadeBy = versionMadeBy;
            this.externalAttributes = externalAttributes;
            return this;
        }

        /**
         * An Info-ZIP Unicode path extra field (0x7075) naming {@code path}, in both headers; each copy carries the
         * CRC-32 of the name in its own header, as the field requires.
         */
        public Entry unicodePath(String path) {
            unicodePath = path;
            return this;
        }

        /** Writes no local record for this entry: its central header points at {@code other}'s local header. */
        public Entry sharingLocalHeaderOf(Entry other) {
            sharesLocalHeaderOf = other;
            return this;
        }

        /**
         * Writes no local record for this entry: its central header points at the first byte of {@code other}'s data,
         * where {@code other}, STORED, can carry a whole local record (an overlap, the trick of non-recursive zip
         * bombs).
         */
        public Entry pointingIntoDataOf(Entry other) {
            pointsIntoDataOf = other;
            return this;
        }

        private boolean hasLocalRecord() {
            return sharesLocalHeaderOf == null && pointsIntoDataOf == null;
        }

        private long centralOffset() {
            if (sharesLocalHeaderOf != null) {
                return sharesLocalHeaderOf.offset;
            }
            if (pointsIntoDataOf != null) {
                Entry other = pointsIntoDataOf;
                return other.offset + LOCAL_HEADER_LENGTH + utf8(other.localName).length
                        + other.extra(other.localName).length;
            }
            return offset;
        }

        private long crc() {
            if (crc != null) {
                return crc;
            }
            var crc32 = new CRC32();
            crc32.update(content);
            return crc32.getValue();
        }

        private byte[] extra(String headerName) {
            if (unicodePath == null) {
                return new byte[0];
            }
            byte[] path = utf8(unicodePath);
            var crc32 = new CRC32();
            crc32.update(utf8(headerName));
            var field = new ByteArrayOutputStream();
            int16(field, UNICODE_PATH_EXTRA);
            int16(field, 1 + 4 + path.length);
            field.write(1); // version
            int32(field, crc32.getValue());
            field.writeBytes(path);
            return field.toByteArray();
        }
    }

    /** The sizes one header declares, where they are not the honest ones. */
    public static final class Declared {
        private Long size;
        private Long compressedSize;

        private Declared() {
        }

        /** The uncompressed size. */
        public Declared size(long size) {
            this.size = size;
            return this;
        }

        /** The size of the data after the local header. */
        public Declared compressedSize(long size) {
            compressedSize = size;
            return this;
        }

        private long size(Entry entry) {
            return size != null ? size : entry.content.length;
        }

        private long compressedSize(byte[] data) {
            return compressedSize != null ? compressedSize : data.length;
        }
    }

    /** The whole zip, every value not set computed from the entries as they are now. */
    public byte[] bytes() {
        var out = new ByteArrayOutputStream();
        List<byte[]> data = new ArrayList<>();
        for (Entry e : entries) {
            byte[] d = e.data();
            data.add(d);
            if (e.hasLocalRecord()) {
                e.offset = out.size();
                writeLocalRecord(out, e, d);
            }
        }
        long directoryStart = out.size();
        for (int i = 0; i < entries.size(); i++) {
            writeCentralHeader(out, entries.get(i), data.get(i));
        }
        long directorySize = out.size() - directoryStart;
        int32(out, END_OF_CENTRAL_DIRECTORY);
        int16(out, 0); // this disk
        int16(out, 0); // disk where the central directory starts
        int16(out, entries.size());
        int16(out, entries.size());
        int32(out, directorySize);
        int32(out, directoryStart);
        int16(out, 0); // comment length
        return out.toByteArray();
    }

    private static void writeLocalRecord(ByteArrayOutputStream out, Entry e, byte[] data) {
        long crc = e.crc();
        long compressedSize = e.local.compressedSize(data);
        long size = e.local.size(e);
        byte[] name = utf8(e.localName);
        byte[] extra = e.extra(e.localName);
        int32(out, LOCAL_HEADER);
        int16(out, VERSION_NEEDED);
        int16(out, e.flags);
        int16(out, e.method);
        int16(out, 0); // time
        int16(out, DOS_DATE_1980_01_01);
        int32(out, e.descriptor ? 0 : crc);
        int32(out, e.descriptor ? 0 : compressedSize);
        int32(out, e.descriptor ? 0 : size);
        int16(out, name.length);
        int16(out, extra.length);
        out.writeBytes(name);
        out.writeBytes(extra);
        out.writeBytes(data);
        if (e.descriptor) {
            int32(out, DATA_DESCRIPTOR);
            int32(out, crc);
            int32(out, compressedSize);
            int32(out, size);
        }
    }

    private static void writeCentralHeader(ByteArrayOutputStream out, Entry e, byte[] data) {
        byte[] name = utf8(e.name);
        byte[] extra = e.extra(e.name);
        int32(out, CENTRAL_HEADER);
        int16(out, e.versionMadeBy);
        int16(out, VERSION_NEEDED);
        int16(out, e.flags);
        int16(out, e.method);
        int16(out, 0); // time
        int16(out, DOS_DATE_1980_01_01);
        int32(out, e.crc());
        int32(out, e.central.compressedSize(data));
        int32(out, e.central.size(e));
        int16(out, name.length);
        int16(out, extra.length);
        int16(out, 0); // comment length
        int16(out, 0); // disk
        int16(out, 0); // internal attributes
        int32(out, e.externalAttributes);
        int32(out, e.centralOffset());
        out.writeBytes(name);
        out.writeBytes(extra);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
    }

    private static void int32(ByteArrayOutputStream out, long value) {
        int16(out, (int) (value & 0xffff));
        int16(out, (int) ((value >>> 16) & 0xffff));
    }
}
