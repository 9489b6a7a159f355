package dev.distributor.catalog.artifact;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Reads a package zip without extracting it and refuses anything an agent's {@code unzip} could turn into something
 * other than plain files and folders under its run folder. The archive is read twice over: the central directory
 * (through Apache Commons Compress) and every local header and data descriptor (read here at the offsets the central
 * directory gives), because extractors and streaming readers trust different copies and a hostile zip makes them
 * disagree. Refused with {@link ErrorCode#INVALID_ZIP}, details {@code field} (the file) and {@code entry}:
 * <ul>
 * <li>symlinks and other special files (Distributor packages need none), NTFS reparse points;</li>
 * <li>names that are not canonical: absolute ({@code /x}, {@code C:}), a {@code .}, {@code ..} or empty segment, a
 * backslash, a control or bidi-override character, bytes that are not UTF-8, a Unicode-path extra field naming
 * another path;</li>
 * <li>duplicate names, also after case folding and Unicode normalisation (they collide on Windows and macOS), and a
 * name that is both a file and a folder;</li>
 * <li>a local header that differs from the central directory (name, method, encryption or data-descriptor flag);</li>
 * <li>entries sharing or overlapping bytes, and bytes between entries that no entry owns (hidden local entries);</li>
 * <li>declared sizes (central, local unless deferred, data descriptor) or CRCs that differ from the inflated
 * bytes;</li>
 * <li>encryption (traditional or strong) and compression methods other than STORED and DEFLATED.</li>
 * </ul>
 * Inflated bytes are counted while reading, never taken from headers, against {@code maxExpandedSize} (bytes, all
 * entries together) and entries against {@code maxEntries}: {@link ErrorCode#ZIP_TOO_LARGE}. Names follow APPNOTE
 * 6.3.10 §4.4.17 (relative, forward slashes). Blocking I/O: call it from a worker thread.
 */
public final class ZipInspector {

    /** How to build a zip this class accepts, quoted in refusals. */
    static final String CLEAN_ZIP_HINT = "Entry names must be plain relative paths ('bin/tool', not './bin/tool'"
            + " or '/opt/tool'): build the zip from inside the package folder (cd dir && zip -r ../pkg.zip .)";

    private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
    private static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
    private static final int DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;
    private static final int LOCAL_HEADER_FIXED_SIZE = 30;
    private static final int END_OF_CENTRAL_DIRECTORY_SIZE = 22;
    private static final int MAX_COMMENT_LENGTH = 0xFFFF;
    private static final int ZIP64_EXTRA = 0x0001;
    private static final int UNICODE_PATH_EXTRA = 0x7075;
    private static final long ZIP64_MAGIC = 0xFFFFFFFFL;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    private static final int FLAG_STRONG_ENCRYPTION = 1 << 6;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int REGULAR_FILE = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final long DOS_REPARSE_POINT = 0x400;

    private final int maxEntries;
    private final long maxExpandedSize;

    /**
     * @param maxEntries most entries a zip may hold
     * @param maxExpandedSize most bytes all entries may inflate to together
     */
    public ZipInspector(int maxEntries, long maxExpandedSize) {
        this.maxEntries = maxEntries;
        this.maxExpandedSize = maxExpandedSize;
    }

    /**
     * @param displayName the file's name in messages and in the {@code field} detail
     * @throws DistributorException {@code INVALID_ZIP} or {@code ZIP_TOO_LARGE}
     */
    public ZipContents inspect(Path zip, String displayName) {
        try (ZipFile file = ZipFile.builder().setPath(zip).setUseUnicodeExtraFields(false).get();
                FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            List<ZipArchiveEntry> entries = Collections.list(file.getEntries());
            if (entries.size() > maxEntries) {
                throw tooLarge(displayName, "has " + entries.size() + " entries; the limit is " + maxEntries);
            }
            var check = new Check(displayName);
            List<Central> centrals = new ArrayList<>();
            for (ZipArchiveEntry entry : entries) {
                centrals.add(check.central(entry));
            }
            check.uniqueNames(centrals);
            List<Local> locals = new ArrayList<>();
            for (Central central : centrals) {
                locals.add(check.local(channel, central));
            }
            check.layout(channel, locals);
            requireNothingAfterEnd(channel, displayName);
            locals.forEach(check::sameAsCentral);
            return read(file, locals, check);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DistributorException known) {
                throw known;
            }
            throw invalid(displayName, "is not a readable zip (" + e.getMessage() + ")", null);
        }
    }

    /** Inflates every entry once, in central-directory order, checking the declarations against what came out. */
    private ZipContents read(ZipFile file, List<Local> locals, Check check) {
        var scripts = new TreeSet<String>();
        var texts = new TreeMap<String, String>();
        var budget = new Budget(check.displayName, maxExpandedSize);
        for (Local local : locals) {
            Central central = local.central();
            boolean script = ZipContents.KNOWN_SCRIPTS.contains(central.name()) && central.regularFile();
            var sink = new EntrySink(budget, script);
            long compressed;
            try (InputStream raw = file.getRawInputStream(central.entry())) {
                compressed = central.entry().getMethod() == ZipMethod.STORED.getCode()
                        ? copy(raw, sink)
                        : inflate(raw, sink);
            } catch (IOException | DataFormatException e) {
                throw check.refuse(central, "cannot be inflated (" + e.getMessage() + ")");
            }
            check.content(local, sink.size, sink.crc.getValue(), compressed);
            if (script) {
                scripts.add(central.name());
                texts.put(central.name(), sink.text.toString(StandardCharsets.UTF_8));
            }
        }
        return new ZipContents(locals.size(), budget.expanded, scripts.stream().toList(), texts);
    }

    /** @return the compressed bytes read, which for STORED are the bytes themselves */
    private static long copy(InputStream raw, EntrySink sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        for (int n; (n = raw.read(buffer)) > 0;) {
            sink.accept(buffer, n);
            count += n;
        }
        return count;
    }

    /**
     * Inflates with an {@link Inflater} of our own rather than the library's stream, to learn where the deflate stream
     * really ends: compressed bytes after its end are data no extractor shows.
     *
     * @return the compressed bytes the deflate stream took
     */
    private static long inflate(InputStream raw, EntrySink sink) throws IOException, DataFormatException {
        var inflater = new Inflater(true);
        try {
            byte[] input = new byte[64 * 1024];
            byte[] output = new byte[64 * 1024];
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = raw.read(input);
                    if (n < 0) {
                        throw new EOFException("the compressed data ends before the deflate stream does");
                    }
                    inflater.setInput(input, 0, n);
                } else if (inflater.needsDictionary()) {
                    throw new DataFormatException("the deflate stream asks for a preset dictionary");
                }
                sink.accept(output, inflater.inflate(output));
            }
            return inflater.getBytesRead();
        } finally {
            inflater.end();
        }
    }

    /** Inflated bytes of the whole archive so far, against the limit; one per inspection (the inspector is shared). */
    private static final class Budget {

        private final String displayName;
        private final long limit;
        private long expanded;

        Budget(String displayName, long limit) {
            this.displayName = displayName;
            this.limit = limit;
        }

        void add(int bytes) {
            expanded += bytes;
            if (expanded > limit) {
                throw tooLarge(displayName, "expands past the limit of " + limit + " bytes");
            }
        }
    }

    /** One entry's inflated bytes: counted, checksummed, and kept (cut at a limit) when the entry is a root script. */
    private static final class EntrySink {

        private final Budget budget;
        private final CRC32 crc = new CRC32();
        private final ByteArrayOutputStream text;
        private long size;

        EntrySink(Budget budget, boolean keepText) {
            this.budget = budget;
            this.text = keepText ? new ByteArrayOutputStream() : null;
        }

        void accept(byte[] bytes, int length) {
            if (length <= 0) {
                return;
            }
            budget.add(length);
            size += length;
            crc.update(bytes, 0, length);
            if (text != null && text.size() <= ZipContents.MAX_SCRIPT_TEXT) {
                text.write(bytes, 0, length);
            }
        }
    }

    /** An entry as the central directory describes it; {@code name} is its raw name, decoded strictly as UTF-8. */
    private record Central(ZipArchiveEntry entry, String name, boolean regularFile) {
    }

    /** What the local header and data descriptor say about an entry, and the bytes it owns: [offset, end). */
    private record Local(Central central, long offset, long end, byte[] name, byte[] extra, int flags, int method,
            long crc, long compressedSize, long size, Descriptor descriptor) {

        boolean deferred() {
            return (flags & FLAG_DATA_DESCRIPTOR) != 0;
        }
    }

    private record Descriptor(long crc, long compressedSize, long size) {
    }

    /** The checks, sharing the archive's display name for messages. */
    private static final class Check {

        private final String displayName;

        Check(String displayName) {
            this.displayName = displayName;
        }

        Central central(ZipArchiveEntry entry) {
            String name = decode(entry.getRawName());
            String shown = name == null ? printable(new String(entry.getRawName(), StandardCharsets.UTF_8)) : name;
            if (name == null) {
                throw invalid(displayName, "has an entry '" + shown + "' whose name is not valid UTF-8. "
                        + CLEAN_ZIP_HINT, shown);
            }
            String problem = nameProblem(name);
            if (problem != null) {
                throw invalid(displayName, "has an entry '" + printable(name) + "' with " + problem + ". "
                        + CLEAN_ZIP_HINT, printable(name));
            }
            var central = new Central(entry, name, isRegularFile(entry, name));
            String alias = unicodePath(entry.getCentralDirectoryExtra());
            if (alias != null && !alias.equals(name)) {
                throw refuse(central, "carries a second name, '" + printable(alias)
                        + "', in a Unicode path extra field; extractors disagree on which one they use");
            }
            int type = entry.getUnixMode() & FILE_TYPE_MASK;
            if (entry.isUnixSymlink() || (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && type == SYMLINK)) {
                throw refuse(central, "is a symbolic link. Distributor packages need none: put the file itself in"
                        + " the zip, or create the link from install.sh");
            }
            if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && type != 0 && type != REGULAR_FILE
                    && type != DIRECTORY) {
                throw refuse(central, "is a special file (Unix mode 0" + Integer.toOctalString(entry.getUnixMode())
                        + "); a package holds only files and folders");
            }
            if (entry.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX
                    && (entry.getExternalAttributes() & DOS_REPARSE_POINT) != 0) {
                throw refuse(central, "is an NTFS reparse point (a link); a package holds only files and folders");
            }
            checkEncryptionAndMethod(central, entry.getRawFlag(), entry.getMethod());
            return central;
        }

        void checkEncryptionAndMethod(Central central, int flags, int method) {
            if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) != 0) {
                throw refuse(central, "is encrypted" + ((flags & FLAG_STRONG_ENCRYPTION) != 0
                        ? " (strong encryption)"
                        : "") + "; hosts cannot unpack it. Zip the package without a password");
            }
            if (method != ZipMethod.STORED.getCode() && method != ZipMethod.DEFLATED.getCode()) {
                throw refuse(central, "is compressed with method " + method + " (" + methodName(method)
                        + "); only STORED (0) and DEFLATED (8) are accepted, which every unzip reads");
            }
        }

        /** Exact duplicates, duplicates on case-insensitive or normalising file systems, and file-vs-folder. */
        void uniqueNames(List<Central> centrals) {
            Map<String, String> byKey = new HashMap<>();
            Set<String> fileKeys = new HashSet<>();
            for (Central central : centrals) {
                String name = central.name();
                String key = folded(name);
                String earlier = byKey.putIfAbsent(key, name);
                if (earlier != null && earlier.equals(name)) {
                    throw refuse(central, "is in the zip twice; each name must appear once");
                }
                if (earlier != null) {
                    throw invalid(displayName, "has entries '" + printable(earlier) + "' and '" + printable(name)
                            + "', which are one path on Windows and macOS hosts (they differ only in case or Unicode"
                            + " normalisation); rename one", printable(name));
                }
                if (!central.entry().isDirectory()) {
                    fileKeys.add(key);
                }
            }
            for (Central central : centrals) {
                String key = folded(central.name());
                for (int slash = key.indexOf('/'); slash > 0 && slash < key.length() - 1; slash = key.indexOf('/',
                        slash + 1)) {
                    String parent = key.substring(0, slash);
                    if (fileKeys.contains(parent)) {
                        throw refuse(central, "lies under '" + printable(byKey.get(parent))
                                + "', which the zip also holds as a file");
                    }
                }
            }
        }

        Local local(FileChannel channel, Central central) throws IOException {
            ZipArchiveEntry entry = central.entry();
            long offset = entry.getLocalHeaderOffset();
            ByteBuffer fixed = readAt(channel, offset, LOCAL_HEADER_FIXED_SIZE);
            if (fixed == null || fixed.getInt(0) != LOCAL_HEADER_SIGNATURE) {
                throw refuse(central, "has no local header at offset " + offset
                        + ", where the central directory says it starts");
            }
            int flags = Short.toUnsignedInt(fixed.getShort(6));
            int method = Short.toUnsignedInt(fixed.getShort(8));
            long crc = Integer.toUnsignedLong(fixed.getInt(14));
            long compressedSize = Integer.toUnsignedLong(fixed.getInt(18));
            long size = Integer.toUnsignedLong(fixed.getInt(22));
            int nameLength = Short.toUnsignedInt(fixed.getShort(26));
            int extraLength = Short.toUnsignedInt(fixed.getShort(28));
            ByteBuffer variable = readAt(channel, offset + LOCAL_HEADER_FIXED_SIZE, nameLength + extraLength);
            if (variable == null) {
                throw refuse(central, "has a local header cut off by the end of the file");
            }
            byte[] localName = Arrays.copyOfRange(variable.array(), 0, nameLength);
            byte[] localExtra = Arrays.copyOfRange(variable.array(), nameLength, nameLength + extraLength);
            ByteBuffer zip64 = extraField(localExtra, ZIP64_EXTRA);
            if (zip64 != null && size == ZIP64_MAGIC && zip64.remaining() >= 8) {
                size = zip64.getLong();
            }
            if (zip64 != null && compressedSize == ZIP64_MAGIC && zip64.remaining() >= 8) {
                compressedSize = zip64.getLong();
            }
            long dataStart = offset + LOCAL_HEADER_FIXED_SIZE + nameLength + extraLength;
            long end = dataStart + entry.getCompressedSize();
            Descriptor descriptor = null;
            if ((flags & FLAG_DATA_DESCRIPTOR) != 0) {
                int sizeBytes = zip64 != null ? 8 : 4;
                ByteBuffer read = readAt(channel, end, 4 + 4 + 2 * sizeBytes);
                if (read == null) {
                    read = readAt(channel, end, 4 + 2 * sizeBytes);
                }
                if (read == null) {
                    throw refuse(central, "has a data descriptor cut off by the end of the file");
                }
                int at = read.getInt(0) == DATA_DESCRIPTOR_SIGNATURE ? 4 : 0;
                long descriptorCrc = Integer.toUnsignedLong(read.getInt(at));
                long descriptorCompressed = sizeBytes == 8
                        ? read.getLong(at + 4)
                        : Integer.toUnsignedLong(read.getInt(at + 4));
                long descriptorSize = sizeBytes == 8
                        ? read.getLong(at + 4 + sizeBytes)
                        : Integer.toUnsignedLong(read.getInt(at + 4 + sizeBytes));
                descriptor = new Descriptor(descriptorCrc, descriptorCompressed, descriptorSize);
                end += at + 4 + 2L * sizeBytes;
            }
            return new Local(central, offset, end, localName, localExtra, flags, method, crc, compressedSize, size,
                    descriptor);
        }

        /** The local header must say what the central directory says: name, method, encryption, descriptor. */
        void sameAsCentral(Local local) {
            Central central = local.central();
            ZipArchiveEntry entry = central.entry();
            if (!Arrays.equals(local.name(), entry.getRawName())) {
                throw refuse(central, "is named '" + printable(new String(local.name(), StandardCharsets.UTF_8))
                        + "' in its local header; the central directory and the local header must name it alike");
            }
            String alias = unicodePath(local.extra());
            if (alias != null && !alias.equals(central.name())) {
                throw refuse(central, "carries a second name, '" + printable(alias)
                        + "', in the Unicode path extra field of its local header");
            }
            checkEncryptionAndMethod(central, local.flags(), local.method());
            if (local.method() != entry.getMethod()) {
                throw refuse(central, "is compressed with method " + local.method() + " according to its local"
                        + " header but " + entry.getMethod() + " according to the central directory");
            }
            if ((local.flags() & FLAG_DATA_DESCRIPTOR) != (entry.getRawFlag() & FLAG_DATA_DESCRIPTOR)) {
                throw refuse(central, "has a data descriptor according to one of its headers only");
            }
        }

        /**
         * Entries, in file order, must follow one another without sharing a byte and without a gap, and the central
         * directory must follow the last one: anything else is data only some readers see.
         */
        void layout(FileChannel channel, List<Local> locals) throws IOException {
            if (locals.isEmpty()) {
                return;
            }
            List<Local> byOffset = new ArrayList<>(locals);
            byOffset.sort(Comparator.comparingLong(Local::offset));
            Local first = byOffset.get(0);
            if (first.offset() != 0) {
                throw refuse(first.central(), "starts at offset " + first.offset()
                        + "; bytes before the first entry belong to none and may hide another entry");
            }
            for (int i = 1; i < byOffset.size(); i++) {
                Local previous = byOffset.get(i - 1);
                Local current = byOffset.get(i);
                if (current.offset() == previous.offset()) {
                    throw refuse(current.central(), "shares its local header (offset " + current.offset() + ") with '"
                            + printable(previous.central().name()) + "'; each entry must have bytes of its own");
                }
                if (current.offset() < previous.end()) {
                    throw refuse(current.central(), "starts at offset " + current.offset() + ", inside the bytes of '"
                            + printable(previous.central().name()) + "' (which end at " + previous.end()
                            + "); entries must not overlap");
                }
                if (current.offset() > previous.end()) {
                    throw refuse(current.central(), "starts at offset " + current.offset() + ", but '"
                            + printable(previous.central().name()) + "' ends at " + previous.end()
                            + "; bytes between entries belong to none and may hide another entry");
                }
            }
            Local last = byOffset.get(byOffset.size() - 1);
            ByteBuffer next = readAt(channel, last.end(), 4);
            int signature = next == null ? 0 : next.getInt(0);
            if (signature != CENTRAL_HEADER_SIGNATURE && signature != END_OF_CENTRAL_DIRECTORY_SIGNATURE) {
                throw refuse(last.central(), "is followed at offset " + last.end()
                        + " by bytes that are not the central directory; they may hide another entry");
            }
        }

        /** Compares what every header declared with what was inflated: {@code size} bytes with checksum {@code crc}. */
        void content(Local local, long size, long crc, long compressed) {
            Central central = local.central();
            ZipArchiveEntry entry = central.entry();
            declaredSize(central, "the central directory", entry.getSize(), size);
            declaredCrc(central, "the central directory", entry.getCrc(), crc);
            if (compressed != entry.getCompressedSize()) {
                throw refuse(central, "declares " + entry.getCompressedSize() + " compressed bytes in the central"
                        + " directory, but its compressed data takes " + compressed);
            }
            if (!local.deferred()) {
                declaredSize(central, "its local header", local.size(), size);
                declaredCrc(central, "its local header", local.crc(), crc);
                if (local.compressedSize() != compressed) {
                    throw refuse(central, "declares " + local.compressedSize() + " compressed bytes in its local"
                            + " header, but its compressed data takes " + compressed);
                }
            } else {
                Descriptor descriptor = local.descriptor();
                declaredSize(central, "its data descriptor", descriptor.size(), size);
                declaredCrc(central, "its data descriptor", descriptor.crc(), crc);
                if (descriptor.compressedSize() != compressed) {
                    throw refuse(central, "declares " + descriptor.compressedSize() + " compressed bytes in its data"
                            + " descriptor, but its compressed data takes " + compressed);
                }
            }
        }

        private void declaredSize(Central central, String where, long declared, long actual) {
            if (declared != actual) {
                throw refuse(central, "declares " + declared + " bytes in " + where + " but inflates to " + actual
                        + " bytes");
            }
        }

        private void declaredCrc(Central central, String where, long declared, long actual) {
            if (declared != actual) {
                throw refuse(central, "declares CRC-32 " + String.format("%08x", declared) + " in " + where
                        + " but its bytes have CRC-32 " + String.format("%08x", actual));
            }
        }

        DistributorException refuse(Central central, String problem) {
            String name = printable(central.name());
            return invalid(displayName, "has an entry '" + name + "' that " + problem, name);
        }
    }

    /**
     * A root script counts only when it is a regular file: a Unix mode without a file type (DOS-made zips) or with the
     * regular-file type, and a name without a trailing slash.
     */
    private static boolean isRegularFile(ZipArchiveEntry entry, String name) {
        if (name.endsWith("/")) {
            return false;
        }
        if (entry.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX) {
            return true;
        }
        int type = entry.getUnixMode() & FILE_TYPE_MASK;
        return type == 0 || type == REGULAR_FILE;
    }

    /** Why a name is not a canonical relative path, or null when it is one. Folders end with one '/'. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "an empty name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                return "a backslash (use '/' between folders)";
            }
            if (Character.getType(c) == Character.CONTROL || isBidiControl(c)) {
                return "a control character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        if (name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0)))) {
            return "an absolute path, outside its root";
        }
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "an empty path segment ('//')";
            }
            if (segment.equals("..")) {
                return "a '..' path segment, leading outside its root";
            }
            if (segment.equals(".")) {
                return "a '.' path segment";
            }
        }
        return null;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** The key under which two names are one path on a case-insensitive, normalising file system. */
    private static String folded(String name) {
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return Normalizer.normalize(path, Normalizer.Form.NFC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private static String decode(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Control characters written as {@code \\uXXXX}, so messages and details stay one readable line. */
    static String printable(String name) {
        var out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.getType(c) == Character.CONTROL || isBidiControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The path an Info-ZIP Unicode path extra field (0x7075) names, or null when the extra data holds none. */
    private static String unicodePath(byte[] extra) {
        ByteBuffer field = extraField(extra, UNICODE_PATH_EXTRA);
        if (field == null) {
            return null;
        }
        if (field.remaining() < 5) {
            return "";
        }
        field.position(field.position() + 5); // version (1 byte) and the CRC-32 of the plain name (4 bytes)
        byte[] name = new byte[field.remaining()];
        field.get(name);
        String decoded = decode(name);
        return decoded == null ? new String(name, StandardCharsets.UTF_8) : decoded;
    }

    /** The data of the first extra field with this header id, little-endian, or null when there is none. */
    private static ByteBuffer extraField(byte[] extra, int headerId) {
        if (extra == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= 4) {
            int id = Short.toUnsignedInt(buffer.getShort());
            int length = Short.toUnsignedInt(buffer.getShort());
            if (length > buffer.remaining()) {
                return null;
            }
            if (id == headerId) {
                return buffer.slice(buffer.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            }
            buffer.position(buffer.position() + length);
        }
        return null;
    }

    /** {@code length} bytes at {@code position}, little-endian, or null when the file ends first. */
    /**
     * The end-of-central-directory record and its comment must close the file. Bytes after them belong to no entry,
     * and a reader that searches from the end of the file for another record could find a different archive there.
     */
    private static void requireNothingAfterEnd(FileChannel channel, String displayName) throws IOException {
        long length = channel.size();
        int window = (int) Math.min(length, END_OF_CENTRAL_DIRECTORY_SIZE + MAX_COMMENT_LENGTH);
        ByteBuffer tail = readAt(channel, length - window, window);
        for (int at = window - END_OF_CENTRAL_DIRECTORY_SIZE; at >= 0; at--) {
            if (tail.getInt(at) == END_OF_CENTRAL_DIRECTORY_SIGNATURE) {
                long end = length - window + at + END_OF_CENTRAL_DIRECTORY_SIZE
                        + Short.toUnsignedInt(tail.getShort(at + 20));
                if (end != length) {
                    throw invalid(displayName, "has " + (length - end) + " bytes after the end of its central "
                            + "directory (offset " + end + "); they belong to no entry", null);
                }
                return;
            }
        }
        throw invalid(displayName, "has no end-of-central-directory record", null);
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        if (position < 0 || position + length > channel.size()) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("the file ends at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static String methodName(int method) {
        ZipMethod known = ZipMethod.getMethodByCode(method);
        return known == null ? "unknown" : known.name();
    }

    private static DistributorException invalid(String displayName, String problem, String entry) {
        var details = new LinkedHashMap<String, Object>();
        details.put("field", displayName);
        if (entry != null) {
            details.put("entry", entry);
        }
        return new DistributorException(ErrorCode.INVALID_ZIP, "File '" + displayName + "' " + problem + ".",
                details);
    }

    private static DistributorException tooLarge(String displayName, String problem) {
        return new DistributorException(ErrorCode.ZIP_TOO_LARGE, "File '" + displayName + "' " + problem
                + ". Raise DISTRIBUTOR_ZIP_MAX_ENTRIES or DISTRIBUTOR_ZIP_MAX_EXPANDED_SIZE if this is intended.",
                Map.of("field", displayName));
    }
}
