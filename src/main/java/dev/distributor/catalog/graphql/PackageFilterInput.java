package dev.distributor.catalog.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Description("Narrows the package list; every given field must match.")
@Input("PackageFilterInput")
public record PackageFilterInput(
        @Description("Names starting with this, ignoring case.") String namePrefix,
        @Description("Exact publisher.") String publisher,
        @Description("'key=value' for an exact tag, or 'key' for any value.") String tag) {
}
