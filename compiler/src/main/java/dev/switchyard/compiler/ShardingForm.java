package dev.switchyard.compiler;

import java.util.Locale;
import java.util.Optional;

/** {@code --sharding}: the dialect shardings are written in. */
public enum ShardingForm {
    /** {@code sdy.mesh}, {@code sdy.sharding} on arguments/results, {@code sdy.sharding_constraint} (the default). */
    SHARDY,
    /** {@code mhlo.sharding} strings on arguments/results and {@code @Sharding} custom calls. */
    GSPMD;

    public static Optional<ShardingForm> parse(String s) {
        for (ShardingForm f : values()) if (f.name().toLowerCase(Locale.ROOT).equals(s)) return Optional.of(f);
        return Optional.empty();
    }

    public String spelling() { return name().toLowerCase(Locale.ROOT); }
}
