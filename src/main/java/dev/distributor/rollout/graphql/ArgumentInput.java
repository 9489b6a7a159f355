package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("ArgumentInput")
@Description("An additional argument: exported to the package's scripts as an environment variable of this name.")
public record ArgumentInput(
        @NonNull @Description("SSM_ followed by letters, digits or '_' (as in AWS-ConfigureAWSPackage), e.g. "
                + "SSM_PORT.") String name,
        @NonNull @Description("Any text without NUL; names and values of all arguments together have at most 4096 "
                + "characters.") String value) {
}
