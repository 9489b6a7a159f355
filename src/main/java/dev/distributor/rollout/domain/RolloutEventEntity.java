package dev.distributor.rollout.domain;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One transition of a rollout or of one of its invocations, numbered per rollout in commit order. */
@Entity
@Table(name = "rollout_event")
@IdClass(RolloutEventEntity.Key.class)
public class RolloutEventEntity {

    @Id
    @Column(name = "rollout_id")
    public UUID rolloutId;

    @Id
    public long seq;

    @Column(nullable = false)
    public OffsetDateTime at;

    @Column(nullable = false)
    public String type;

    @Column(name = "invocation_id")
    public UUID invocationId;

    @Column(name = "instance_id")
    public String instanceId;

    public String status;

    /** For an invocation event, the status it left (null when the invocation was created). */
    @Column(name = "previous_status")
    public String previousStatus;

    /** For an invocation event, the invocation's wave (1-based). */
    public Integer wave;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> details = new LinkedHashMap<>();

    public static class Key implements Serializable {
        public UUID rolloutId;
        public long seq;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && seq == other.seq && Objects.equals(rolloutId, other.rolloutId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(rolloutId, seq);
        }
    }
}
