package dev.switchyard.tests.samples;

import java.util.regex.Pattern;

/**
 * The GSPMD form marks intermediate shardings with {@code stablehlo.custom_call @Sharding(%x)},
 * an identity on values. XLA reads it; the reference interpreter rejects the custom call, so for
 * the interpreter it becomes a same-shape {@code stablehlo.reshape} (also an identity).
 */
public final class ShardingCalls {

    private static final Pattern SHARDING_CALL = Pattern.compile(
            "stablehlo\\.custom_call @Sharding\\((%[\\w#]+)\\) \\{(?:[^}\"]|\"[^\"]*\")*\\} : \\((tensor<[^>]*>)\\) -> (tensor<[^>]*>)");

    private ShardingCalls() {}

    public static String asIdentities(String module) {
        return SHARDING_CALL.matcher(module).replaceAll("stablehlo.reshape $1 : ($2) -> $3");
    }
}
