package dev.distributor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native image only knows the classes it was told may be read reflectively. Quarkus registers REST resource
 * signatures, GraphQL types, entities and config mappings by itself, not the records we hand to our own
 * {@code ObjectMapper}: those carry {@code @RegisterForReflection}, or a native build reads them as empty objects or
 * fails at run time. This test reads the main sources (src/main/java) so a new one is not forgotten.
 *
 * <p>
 * What a source scan cannot see: the runtime type of an {@code Object} passed to {@code writeValueAsString} (a record
 * put into a details map). Such records are registered by hand (AuditLine, CommandSpec written as part of a row) and
 * details maps hold only strings, numbers and booleans by convention.
 */
class ReflectionRegistrationTest {

    private static final Path MAIN = Path.of("src/main/java");

    /** A Class literal handed to an ObjectMapper read: {@code readValue(text, X.class)}, convertValue, treeToValue. */
    private static final Pattern READ_CLASS = Pattern.compile(
            "\\.(?:readValue|convertValue|treeToValue|readerFor)\\([^;]*?\\b([A-Z]\\w*(?:\\.[A-Z]\\w*)*)\\.class");
    /** The type argument of a TypeReference. */
    private static final Pattern TYPE_REFERENCE = Pattern.compile("TypeReference<([^;{=()]*)>\\s*[(\\w]");
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z]\\w*");
    /** Reflection by name, which no registration can follow. */
    private static final Pattern BY_NAME = Pattern.compile(
            "Class\\.forName\\(|\\.getDeclaredMethod\\(|\\.getDeclaredField\\(|\\.setAccessible\\(|\\.newInstance\\(");

    /** JDK and Jackson types the native image supports without a registration of ours. */
    private static final Set<String> BUILT_IN = Set.of("String", "Object", "Map", "LinkedHashMap", "HashMap", "List",
            "ArrayList", "Set", "Integer", "Long", "Boolean", "Double", "JsonNode", "ObjectNode", "ArrayNode");

    private static Map<Path, String> sources;

    @BeforeAll
    static void readSources() throws IOException {
        sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.put(f, read(f)));
        }
    }

    @Test
    void everyTypeOurObjectMapperReadsIsRegisteredForReflection() {
        Map<String, Path> read = typesRead();
        // The scan must see what is there, or it proves nothing.
        assertThat(read).containsKeys("TargetSelector", "CommandSpec");
        List<String> unregistered = new ArrayList<>();
        read.forEach((type, where) -> {
            if (!BUILT_IN.contains(type) && !registered(type)) {
                unregistered.add(type + " (read in " + MAIN.relativize(where) + ")");
            }
        });
        assertThat(unregistered)
                .as("types our ObjectMapper builds reflectively: annotate each with @RegisterForReflection")
                .isEmpty();
    }

    @Test
    void mainCodeLooksUpNoClassOrMemberByName() {
        List<String> found = new ArrayList<>();
        sources.forEach((file, text) -> {
            Matcher m = BY_NAME.matcher(text);
            while (m.find()) {
                found.add(MAIN.relativize(file) + ": " + m.group());
            }
        });
        assertThat(found).as("reflection by name needs a registration the native build cannot infer").isEmpty();
    }

    /** Each type named by a read's Class literal or a TypeReference, with a file that reads it. */
    private static Map<String, Path> typesRead() {
        Map<String, Path> types = new TreeMap<>();
        sources.forEach((file, text) -> {
            Matcher classes = READ_CLASS.matcher(text);
            while (classes.find()) {
                String name = classes.group(1);
                types.putIfAbsent(name.substring(name.lastIndexOf('.') + 1), file);
            }
            Matcher references = TYPE_REFERENCE.matcher(text);
            while (references.find()) {
                Matcher names = TYPE_NAME.matcher(references.group(1));
                while (names.find()) {
                    types.putIfAbsent(names.group(), file);
                }
            }
        });
        return types;
    }

    /** Whether the main sources declare {@code type} with {@code @RegisterForReflection} among its annotations. */
    private static boolean registered(String type) {
        Pattern declaration = Pattern.compile("\\b(?:record|class|enum)\\s+" + type + "\\b");
        return sources.values().stream()
                .map(text -> annotationsBefore(text, declaration))
                .flatMap(Optional::stream)
                .anyMatch(annotations -> annotations.contains("@RegisterForReflection"));
    }

    /** The text between the end of the previous member or comment and the declaration: its annotations. */
    private static Optional<String> annotationsBefore(String text, Pattern declaration) {
        Matcher m = declaration.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String before = text.substring(0, m.start());
        int start = Math.max(Math.max(before.lastIndexOf(';'), before.lastIndexOf('}')), before.lastIndexOf("*/"));
        return Optional.of(before.substring(Math.max(start, 0)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
