package dev.distributor.catalog.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A script at the root of a package zip, as the agent will run it.")
public record ScriptSource(
        @NonNull @Description("install.sh, uninstall.sh, update.sh, validate.sh or a .ps1 twin.") String name,
        @NonNull String content,
        @Description("True when the script is longer than 256 KiB and content holds only its start.") boolean truncated) {
}
