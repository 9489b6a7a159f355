package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/** Simple creation takes an installer only when its first bytes are what its name says. */
class InstallerSignatureTest {

    static final byte[] ZIP = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
    static final byte[] ELF = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0};
    static final byte[] MZ = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0};

    @TempDir
    Path dir;

    @Test
    void aDebianPackage_isAnArArchiveWhoseFirstMemberIsDebianBinary() throws IOException {
        accepted(InstallerKind.DEB, "tool_1.0_amd64.deb", ar("debian-binary", "control.tar.gz", "data.tar.gz"));

        String notDeb = refused(InstallerKind.DEB, "tool.deb", ZIP);
        assertThat(notDeb).contains("ar archive (!<arch>) whose first member is debian-binary")
                .contains("50 4B 03 04 14 00 00 00 ('PK......')");
        assertThat(refused(InstallerKind.DEB, "tool.deb", ar("control.tar.gz", "debian-binary")))
                .contains("21 3C 61 72 63 68 3E 0A ('!<arch>.')");
    }

    @Test
    void anRpm_startsWithTheLeadMagic() throws IOException {
        accepted(InstallerKind.RPM, "tool-1.0.x86_64.rpm", padded(new byte[]{(byte) 0xED, (byte) 0xAB, (byte) 0xEE,
                (byte) 0xDB, 3, 0, 0, 0}));

        assertThat(refused(InstallerKind.RPM, "tool.rpm", ar("debian-binary"))).contains("RPM lead ED AB EE DB");
    }

    @Test
    void anMsi_isAnOleCompoundFile() throws IOException {
        accepted(InstallerKind.MSI, "setup.msi", padded(new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0,
                (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}));

        assertThat(refused(InstallerKind.MSI, "setup.msi", MZ)).contains("OLE compound file")
                .contains("4D 5A 90 00");
    }

    @Test
    void aTarball_isGzipHoldingAReadableTar() throws IOException {
        accepted(InstallerKind.TARBALL, "tool.tar.gz", tarGz());

        assertThat(refused(InstallerKind.TARBALL, "tool.tgz", gzip("just text, not a tar".getBytes())))
                .contains("gzip (1F 8B) holding a readable tar header").contains("1F 8B");
        assertThat(refused(InstallerKind.TARBALL, "tool.tar.gz", ZIP)).contains("50 4B 03 04");
    }

    @Test
    void aLinuxExecutable_isElfOrAScript() throws IOException {
        accepted(InstallerKind.LINUX_EXECUTABLE, "tool", padded(ELF));
        accepted(InstallerKind.LINUX_EXECUTABLE, "install.run", "#!/bin/sh\necho hi\n".getBytes());

        assertThat(refused(InstallerKind.LINUX_EXECUTABLE, "tool", MZ)).contains("ELF (7F 45 4C 46)");
    }

    @Test
    void aWindowsExecutable_startsWithMz() throws IOException {
        accepted(InstallerKind.WINDOWS_EXECUTABLE, "setup.exe", padded(MZ));

        assertThat(refused(InstallerKind.WINDOWS_EXECUTABLE, "setup.exe", padded(ELF))).contains("MZ header")
                .contains("7F 45 4C 46");
    }

    @Test
    void anEmptyFile_isRefusedSayingSo() throws IOException {
        assertThat(refused(InstallerKind.WINDOWS_EXECUTABLE, "setup.exe", new byte[0]))
                .contains("none (the file is empty)");
    }

    private void accepted(InstallerKind kind, String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve(name), bytes);
        assertThatCode(() -> InstallerSignature.verify(kind, file, name)).doesNotThrowAnyException();
    }

    private String refused(InstallerKind kind, String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve(name), bytes);
        DistributorException refusal = catchThrowableOfType(DistributorException.class,
                () -> InstallerSignature.verify(kind, file, name));
        assertThat(refusal).as(kind + " " + name).isNotNull();
        assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_INSTALLER);
        assertThat(refusal.details()).containsEntry("field", "installer");
        assertThat(refusal.getMessage()).contains("'" + name + "'").contains(InstallerSignature.expected(kind));
        return refusal.getMessage();
    }

    /** An ar archive (the container of a .deb) with these members, in order. */
    static byte[] ar(String... members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            for (String member : members) {
                byte[] content = member.equals("debian-binary") ? "2.0\n".getBytes() : gzip(new byte[0]);
                ar.putArchiveEntry(new ArArchiveEntry(member, content.length));
                ar.write(content);
                ar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] tarGz() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            byte[] content = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("tool/bin/tool");
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    /** The header followed by zeros, as the rest of a real file would follow. */
    static byte[] padded(byte[] header) {
        return Arrays.copyOf(header, 512);
    }
}
