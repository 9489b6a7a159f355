package dev.distributor.ssm.driver;

import java.util.UUID;

/** Our command id with SSM's command id and its instance: what a CancelCommand needs. */
record SentCommandRef(UUID id, String ssmCommandId, String instanceId) {
}
