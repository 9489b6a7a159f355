package dev.distributor.audit.graphql;

import org.eclipse.microprofile.graphql.Description;

@Description("What became of an audited attempt.")
public enum AuditOutcome {
    @Description("The change committed; its row was written in the change's transaction.")
    DONE, @Description("Access control refused the caller; the row was written in a transaction of its own.")
    REFUSED
}
