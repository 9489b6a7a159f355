package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("Platform")
@Description("A platform of AWS Distributor's supported table. Other platforms are accepted with a warning.")
public record PlatformType(
        @NonNull @Description("The key manifests use, e.g. ubuntu.") String code,
        @NonNull String displayName,
        @NonNull List<@NonNull String> architectures,
        String note) {
}
