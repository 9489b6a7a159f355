package dev.distributor.rollout.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.distributor.fleet.TargetDriver;
import dev.distributor.fleet.domain.DriverKind;

/** The installed drivers by kind; the engine reaches hosts only through {@link TargetDriver}. */
@ApplicationScoped
public class Drivers {

    private final Map<DriverKind, TargetDriver> byKind = new EnumMap<>(DriverKind.class);

    public Drivers(Instance<TargetDriver> drivers) {
        drivers.forEach(driver -> byKind.put(driver.kind(), driver));
    }

    public Optional<TargetDriver> forKind(DriverKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
