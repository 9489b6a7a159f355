package dev.distributor.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed corpus under src/test/resources/hostile must be exactly what {@link HostileCorpus} generates, so every
 * case can be rebuilt and reviewed from source. Run with {@code -Dhostile.update=true} to rewrite the files (and remove
 * stale ones) after changing the generator.
 */
class HostileCorpusSnapshotTest {

    private static Map<String, byte[]> generated;

    @BeforeAll
    static void generate() throws IOException {
        generated = HostileCorpus.generate();
        if (Boolean.getBoolean("hostile.update")) {
            rewrite();
        }
    }

    @Test
    void theCommittedCorpus_isExactlyWhatTheGeneratorWrites() {
        List<String> differing = new ArrayList<>();
        generated.forEach((path, bytes) -> {
            Path file = HostileCorpus.DIRECTORY.resolve(path);
            if (!Files.exists(file) || !java.util.Arrays.equals(bytes, read(file))) {
                differing.add(path);
            }
        });

        assertThat(differing).as("files that differ from the generator; rerun with -Dhostile.update=true to accept")
                .isEmpty();
        assertThat(committed()).as("committed files the generator no longer writes").isEqualTo(
                new TreeSet<>(generated.keySet()));
    }

    @Test
    void theCorpusHasAtLeast80Cases_severalOfEachKind_andStaysWellUnder5MB() {
        var cases = HostileCorpus.load();
        long size = generated.values().stream().mapToLong(b -> b.length).sum();

        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        HostileCorpus.KINDS.keySet().forEach(kind -> assertThat(cases.stream().filter(c -> c.kind().equals(kind)))
                .as("cases of kind %s", kind).hasSizeGreaterThanOrEqualTo(3));
        assertThat(size).isLessThan(5L * 1000 * 1000);
    }

    @Test
    void theBombsInflateToWhatTheyClaim_andTheValidPartsOfTheCorpusAreReadable() throws IOException {
        byte[] bomb = generated.get("cases/bomb-1200MB/app-linux.zip");
        long inflated = 0;
        try (var zip = new ZipInputStream(new java.io.ByteArrayInputStream(bomb))) {
            byte[] buffer = new byte[1 << 20];
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                for (int n; (n = zip.read(buffer)) > 0;) {
                    inflated += n;
                }
            }
        }

        // ZipInputStream checks each entry's CRC-32 and size against the data: the hand-made deflate is honest.
        assertThat(inflated).isGreaterThan(1_200_000_000L);
        assertThat(bomb.length).isLessThan(1_200_000);
    }

    private static void rewrite() throws IOException {
        for (String stale : committed()) {
            if (!generated.containsKey(stale)) {
                Files.delete(HostileCorpus.DIRECTORY.resolve(stale));
            }
        }
        for (var file : generated.entrySet()) {
            Path target = HostileCorpus.DIRECTORY.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        try (Stream<Path> dirs = Files.walk(HostileCorpus.DIRECTORY)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
                try (Stream<Path> children = Files.list(dir)) {
                    if (children.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        }
    }

    private static TreeSet<String> committed() {
        if (!Files.isDirectory(HostileCorpus.DIRECTORY)) {
            return new TreeSet<>();
        }
        try (Stream<Path> walk = Files.walk(HostileCorpus.DIRECTORY)) {
            var paths = new TreeSet<String>();
            walk.filter(Files::isRegularFile)
                    .forEach(p -> paths.add(HostileCorpus.DIRECTORY.relativize(p).toString().replace('\\', '/')));
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
