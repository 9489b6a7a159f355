package dev.distributor.catalog.service;

import java.nio.file.Path;

/**
 * A file a client sent through the service, already on local disk.
 *
 * @param name the manifest file name it claims to be
 * @param path where its bytes are; the caller owns and removes it
 */
public record IncomingFile(String name, Path path) {
}
