package dev.distributor.common.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A key/value label. Keys: 1-128 of letters, digits, _ . : / + @ -; values: up to 256 characters.")
@Input("TagInput")
public record TagInput(@NonNull String key, @NonNull String value) {
}
