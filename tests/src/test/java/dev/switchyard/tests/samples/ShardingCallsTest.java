package dev.switchyard.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShardingCallsTest {

    @Test
    void shardingCustomCallsBecomeSameShapeReshapes() {
        String in = """
                    %630 = stablehlo.custom_call @Sharding(%629) {mhlo.sharding = "{devices=[2,1]<=[2]}"} : (tensor<4x16xbf16>) -> tensor<4x16xbf16>
                    %631 = stablehlo.custom_call @other(%630) : (tensor<4x16xbf16>) -> tensor<4x16xbf16>
                """;
        assertEquals("""
                    %630 = stablehlo.reshape %629 : (tensor<4x16xbf16>) -> tensor<4x16xbf16>
                    %631 = stablehlo.custom_call @other(%630) : (tensor<4x16xbf16>) -> tensor<4x16xbf16>
                """, ShardingCalls.asIdentities(in));
    }
}
