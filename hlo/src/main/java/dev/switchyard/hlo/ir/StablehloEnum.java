package dev.switchyard.hlo.ir;

import java.util.Optional;

/**
 * The enum-valued StableHLO attributes, printed {@code #stablehlo<comparison_direction LT>}. Each
 * enum knows its mnemonic ({@code comparison_direction}) so one attribute record serves them all.
 */
public sealed interface StablehloEnum {

    /** The attribute mnemonic, e.g. {@code comparison_direction}. */
    String mnemonic();

    /** The case as spelled in MLIR, e.g. {@code LT}. */
    String spelling();

    enum ComparisonDirection implements StablehloEnum {
        EQ, NE, GE, GT, LE, LT;
        @Override public String mnemonic() { return "comparison_direction"; }
        @Override public String spelling() { return name(); }
    }

    enum ComparisonType implements StablehloEnum {
        NOTYPE, FLOAT, TOTALORDER, SIGNED, UNSIGNED;
        @Override public String mnemonic() { return "comparison_type"; }
        @Override public String spelling() { return name(); }
    }

    enum Precision implements StablehloEnum {
        DEFAULT, HIGH, HIGHEST;
        @Override public String mnemonic() { return "precision"; }
        @Override public String spelling() { return name(); }
    }

    enum FftType implements StablehloEnum {
        FFT, IFFT, RFFT, IRFFT;
        @Override public String mnemonic() { return "fft_type"; }
        @Override public String spelling() { return name(); }
    }

    enum Transpose implements StablehloEnum {
        TRANSPOSE_INVALID, NO_TRANSPOSE, TRANSPOSE, ADJOINT;
        @Override public String mnemonic() { return "transpose"; }
        @Override public String spelling() { return name(); }
    }

    enum RngAlgorithm implements StablehloEnum {
        DEFAULT, THREE_FRY, PHILOX;
        @Override public String mnemonic() { return "rng_algorithm"; }
        @Override public String spelling() { return name(); }
    }

    enum RngDistribution implements StablehloEnum {
        UNIFORM, NORMAL;
        @Override public String mnemonic() { return "rng_distribution"; }
        @Override public String spelling() { return name(); }
    }

    enum ResultAccuracyMode implements StablehloEnum {
        DEFAULT, HIGHEST, TOLERANCE;
        @Override public String mnemonic() { return "result_accuracy_mode"; }
        @Override public String spelling() { return name(); }
    }

    enum CustomCallApiVersion implements StablehloEnum {
        API_VERSION_UNSPECIFIED, API_VERSION_ORIGINAL, API_VERSION_STATUS_RETURNING,
        API_VERSION_STATUS_RETURNING_UNIFIED, API_VERSION_TYPED_FFI;
        @Override public String mnemonic() { return "custom_call_api_version"; }
        @Override public String spelling() { return name(); }
    }

    /** The enum case for a mnemonic and spelling, if both are known. */
    static Optional<StablehloEnum> lookup(String mnemonic, String spelling) {
        StablehloEnum[] cases = switch (mnemonic) {
            case "comparison_direction" -> ComparisonDirection.values();
            case "comparison_type" -> ComparisonType.values();
            case "precision" -> Precision.values();
            case "fft_type" -> FftType.values();
            case "transpose" -> Transpose.values();
            case "rng_algorithm" -> RngAlgorithm.values();
            case "rng_distribution" -> RngDistribution.values();
            case "result_accuracy_mode" -> ResultAccuracyMode.values();
            case "custom_call_api_version" -> CustomCallApiVersion.values();
            default -> new StablehloEnum[0];
        };
        for (StablehloEnum c : cases) if (c.spelling().equals(spelling)) return Optional.of(c);
        return Optional.empty();
    }
}
