package dev.distributor.catalog.authoring;

import java.util.Objects;

/**
 * One script Simple creation generated, shown to the publisher before publishing (DESIGN.md §3).
 *
 * @param name the file name at the zip's root, such as {@code install.sh}
 * @param content the script text, LF line endings
 */
public record GeneratedScript(String name, String content) {

    public GeneratedScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
