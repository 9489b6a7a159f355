package dev.distributor.common.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A key/value label.")
public record Tag(@NonNull String key, @NonNull String value) {
}
