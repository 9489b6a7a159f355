package dev.distributor.catalog.domain;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores script names as one comma-separated text column. The names come from a fixed allow-list of plain file names
 * (install.sh, ...), and Hibernate Reactive cannot read a jsonb array into a List.
 */
@Converter
public class ScriptListConverter implements AttributeConverter<List<String>, String> {

    @Override
    public String convertToDatabaseColumn(List<String> names) {
        return names == null ? "" : String.join(",", names);
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
    }
}
