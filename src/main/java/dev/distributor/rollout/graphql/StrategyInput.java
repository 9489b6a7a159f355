package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import dev.distributor.rollout.domain.Strategy.OnFailure;

@Input("RolloutStrategyInput")
@Description("How a run rolls out. Every field is optional; docs/ROLLOUTS.md gives the defaults and the rules.")
public record StrategyInput(
        @Description("Wave sizes, each a count ('1') or a percentage ('10%') of the targets that will run, rounded "
                + "up; the targets left form one last wave. Default: ['1', '10%'] (a canary, 10%, the rest).") List<String> waves,
        @Description("Invocations out at once: a count or a percentage. Default '10%' (at least 1).") String maxConcurrency,
        @Description("Failed or timed-out invocations the run tolerates: more trips onFailure. A count or a "
                + "percentage rounded down. Default '5%'.") String maxErrors,
        @Description("Percent of a wave's attempted invocations that must succeed before the next wave starts. "
                + "Default 95.") Integer waveSuccessPercent,
        @Description("Seconds to wait between waves. Default 0.") Integer pauseBetweenWavesSeconds,
        @Description("Wait for approveWave before each wave after the first. Default false.") Boolean manualApproval,
        @Description("Limit for each script on the host, in seconds. Default 3600.") Integer commandTimeoutSeconds,
        @Description("How long a command may wait for its host (offline) before it times out, in seconds. "
                + "Default 3600.") Integer deliveryTimeoutSeconds,
        @Description("Let the host reboot when a script asks for it (exit 194 or 3010). Default false.") Boolean rebootAllowed,
        @Description("What a tripped threshold (maxErrors or waveSuccessPercent) does: STOP (the run "
                + "fails), PAUSE, or ROLLBACK (the run stops and a linked rollback run puts back what it changed). "
                + "Default STOP.") OnFailure onFailure) {
}
