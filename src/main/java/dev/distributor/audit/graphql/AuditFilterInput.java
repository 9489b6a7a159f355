package dev.distributor.audit.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Description("Narrows the audit trail; every given field must match. Bad values are INVALID_INPUT naming filter.<field>.")
@Input("AuditFilterInput")
public record AuditFilterInput(
        @Description("Exact actor: an OIDC token's subject, an agent's instance id, 'local' or 'anonymous'.") String actor,
        @Description("Exact action ('package.create'), or a prefix ending in '*' ('package.*', 'rollout.*').") String action,
        @Description("Exact resource ('package/hello'), or a prefix ending in '*' ('package/hello/*' for its "
                + "versions). Refusals have resource '-'.") String resource,
        @Description("DONE or REFUSED.") AuditOutcome outcome,
        @Description("Rows written at or after this ISO-8601 timestamp with offset (2026-01-31T08:00:00Z).") String from,
        @Description("Rows written before this ISO-8601 timestamp (exclusive); must be after 'from'.") String to) {
}
