package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.TagInput;

@Input("CreatePackageInput")
public record CreatePackageInput(
        @NonNull @Description("3-128 of letters, digits, '_', '.', '-'; unique ignoring case.") String name,
        @Description("Up to 1024 characters.") String description,
        @Description("Up to 256 characters.") String publisher,
        List<TagInput> tags) {
}
