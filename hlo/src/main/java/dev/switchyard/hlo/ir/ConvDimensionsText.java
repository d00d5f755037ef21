package dev.switchyard.hlo.ir;

/**
 * The compact spelling of convolution dimension numbers, {@code [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]}:
 * each bracket lists a tensor's dimensions in order, naming which is batch ({@code b}), feature
 * ({@code f}), input/output feature of the kernel ({@code i}/{@code o}) or the n-th spatial dimension.
 * Numbers that cannot be written so (a position used twice) print in the {@code raw} form.
 */
final class ConvDimensionsText {
    private ConvDimensionsText() {}

    static String print(Attribute.ConvDimensionNumbers c) {
        String in = layout(c.inputBatchDimension(), 'b', c.inputFeatureDimension(), 'f', c.inputSpatialDimensions());
        String k = layout(c.kernelInputFeatureDimension(), 'i', c.kernelOutputFeatureDimension(), 'o', c.kernelSpatialDimensions());
        String out = layout(c.outputBatchDimension(), 'b', c.outputFeatureDimension(), 'f', c.outputSpatialDimensions());
        if (in != null && k != null && out != null) return in + "x" + k + "->" + out;
        return "raw input_batch_dimension = " + c.inputBatchDimension()
                + ", input_feature_dimension = " + c.inputFeatureDimension()
                + ", input_spatial_dimensions = " + list(c.inputSpatialDimensions())
                + ", kernel_input_feature_dimension = " + c.kernelInputFeatureDimension()
                + ", kernel_output_feature_dimension = " + c.kernelOutputFeatureDimension()
                + ", kernel_spatial_dimensions = " + list(c.kernelSpatialDimensions())
                + ", output_batch_dimension = " + c.outputBatchDimension()
                + ", output_feature_dimension = " + c.outputFeatureDimension()
                + ", output_spatial_dimensions = " + list(c.outputSpatialDimensions());
    }

    private static String layout(long first, char firstName, long second, char secondName, long[] spatial) {
        int rank = spatial.length + 2;
        String[] slots = new String[rank];
        if (!put(slots, first, String.valueOf(firstName)) || !put(slots, second, String.valueOf(secondName))) return null;
        for (int i = 0; i < spatial.length; i++) if (!put(slots, spatial[i], Integer.toString(i))) return null;
        return "[" + String.join(", ", slots) + "]";
    }

    private static boolean put(String[] slots, long pos, String name) {
        if (pos < 0 || pos >= slots.length || slots[(int) pos] != null) return false;
        slots[(int) pos] = name;
        return true;
    }

    static String list(long[] xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(xs[i]);
        }
        return sb.append(']').toString();
    }
}
