package dev.distributor.catalog.service;

import java.util.Map;

/** What createPackage takes, already parsed from the API's input. */
public record NewPackage(String name, String description, String publisher, Map<String, String> tags) {
}
