package dev.distributor.ssm.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distributor.ssm.publish.service.MirrorDecision;
import dev.distributor.ssm.publish.service.MirrorDecision.Kind;

/** What mirroring a package's default to its SSM document does, without SSM. */
class MirrorDecisionTest {

    @Test
    void aDefaultPublishedAsAnotherDocumentVersion_isSet() {
        MirrorDecision decision = MirrorDecision.decide("2.0", "2", "1");
        assertThat(decision.kind()).isEqualTo(Kind.SET);
        assertThat(decision.documentVersion()).isEqualTo("2");
    }

    @Test
    void aDefaultThatIsAwsDefaultAlready_callsNothing() {
        assertThat(MirrorDecision.decide("1.0", "1", "1").kind()).isEqualTo(Kind.NOTHING_TO_DO);
        assertThat(MirrorDecision.decide(null, null, "1").kind()).isEqualTo(Kind.NOTHING_TO_DO);
    }

    @Test
    void aDefaultNotPublishedToAws_isRecordedWithTheReason() {
        MirrorDecision decision = MirrorDecision.decide("3.0", null, "2");
        assertThat(decision.kind()).isEqualTo(Kind.NOT_PUBLISHED);
        assertThat(decision.note()).contains("'3.0'", "not published to AWS Distributor", "document version 2");
    }
}
