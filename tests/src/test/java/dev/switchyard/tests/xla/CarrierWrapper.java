package dev.switchyard.tests.xla;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps a module whose {@code @main} takes or returns element types that TF-Java cannot carry: the
 * original entry is renamed and made private, and a new {@code @main} in carrier types converts
 * its arguments (see {@link TfCarrier.Crossing}), calls it, and converts the results back.
 */
final class CarrierWrapper {

    static final String INNER = "switchyard_xla_inner_main";

    private CarrierWrapper() {}

    static String wrap(String module, MainSignature signature, List<TfCarrier> argCarriers, List<TfCarrier> resultCarriers) {
        String renamed = renameEntry(module);
        String wrapper = wrapperFunction(signature, argCarriers, resultCarriers);
        int close = renamed.lastIndexOf('}');
        boolean hasModuleOp = Pattern.compile("(^|\\n)\\s*(module\\b|\"builtin\\.module\")").matcher(renamed).find();
        if (!hasModuleOp || close < 0) {
            return renamed + "\n" + wrapper;
        }
        return renamed.substring(0, close) + wrapper + renamed.substring(close);
    }

    private static String renameEntry(String module) {
        Matcher pretty = Pattern.compile("func\\.func\\s+(?:(?:public|private|nested)\\s+)?@main\\s*\\(").matcher(module);
        if (pretty.find()) {
            return module.substring(0, pretty.start()) + "func.func private @" + INNER + "(" + module.substring(pretty.end());
        }
        return module.replaceFirst("sym_name\\s*=\\s*\"main\"", "sym_name = \"" + INNER + "\", sym_visibility = \"private\"");
    }

    /** {@code parts[..., 2]} (real, imaginary) to {@code complex[...]}. */
    private static List<String> joinComplex(String parts, TensorType carrier, TensorType complex, String out) {
        long[] dims = complex.shape();
        long[] halfShape = java.util.Arrays.copyOf(dims, dims.length + 1);
        halfShape[dims.length] = 1;
        TensorType half = new TensorType(carrier.elementType(), halfShape);
        TensorType flat = new TensorType(carrier.elementType(), dims);
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            StringBuilder ranges = new StringBuilder("[");
            for (long d : dims) ranges.append("0:").append(d).append(", ");
            ranges.append(k).append(':').append(k + 1).append(']');
            lines.add("    " + out + "_s" + k + " = stablehlo.slice " + parts + " " + ranges + " : (" + carrier.mlir() + ") -> " + half.mlir());
            lines.add("    " + out + "_p" + k + " = stablehlo.reshape " + out + "_s" + k + " : (" + half.mlir() + ") -> " + flat.mlir());
        }
        lines.add("    " + out + " = \"stablehlo.complex\"(" + out + "_p0, " + out + "_p1) : (" + flat.mlir() + ", " + flat.mlir()
                + ") -> " + complex.mlir());
        return lines;
    }

    /** {@code complex[...]} to {@code parts[..., 2]} (real, imaginary). */
    private static List<String> splitComplex(String value, TensorType complex, TensorType carrier, String out) {
        long[] dims = complex.shape();
        long[] halfShape = java.util.Arrays.copyOf(dims, dims.length + 1);
        halfShape[dims.length] = 1;
        TensorType half = new TensorType(carrier.elementType(), halfShape);
        TensorType flat = new TensorType(carrier.elementType(), dims);
        List<String> lines = new ArrayList<>();
        lines.add("    " + out + "_re = \"stablehlo.real\"(" + value + ") : (" + complex.mlir() + ") -> " + flat.mlir());
        lines.add("    " + out + "_im = \"stablehlo.imag\"(" + value + ") : (" + complex.mlir() + ") -> " + flat.mlir());
        lines.add("    " + out + "_r1 = stablehlo.reshape " + out + "_re : (" + flat.mlir() + ") -> " + half.mlir());
        lines.add("    " + out + "_i1 = stablehlo.reshape " + out + "_im : (" + flat.mlir() + ") -> " + half.mlir());
        lines.add("    " + out + " = stablehlo.concatenate " + out + "_r1, " + out + "_i1, dim = " + dims.length + " : ("
                + half.mlir() + ", " + half.mlir() + ") -> " + carrier.mlir());
        return lines;
    }

    private static String wrapperFunction(MainSignature sig, List<TfCarrier> argCarriers, List<TfCarrier> resultCarriers) {
        StringBuilder out = new StringBuilder();
        List<String> params = new ArrayList<>();
        List<String> innerArgs = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (int i = 0; i < sig.arguments().size(); i++) {
            TensorType moduleType = sig.arguments().get(i);
            TensorType carrier = argCarriers.get(i).carrierType(moduleType.shape());
            params.add("%arg" + i + ": " + carrier.mlir());
            if (argCarriers.get(i).crossing() == TfCarrier.Crossing.SPLIT_COMPLEX) {
                body.addAll(joinComplex("%arg" + i, carrier, moduleType, "%a" + i));
                innerArgs.add("%a" + i);
            } else if (argCarriers.get(i).needsWrapper()) {
                body.add("    %a" + i + " = " + argCarriers.get(i).crossing().op() + " %arg" + i + " : (" + carrier.mlir() + ") -> " + moduleType.mlir());
                innerArgs.add("%a" + i);
            } else {
                innerArgs.add("%arg" + i);
            }
        }
        int n = sig.results().size();
        List<String> innerTypes = sig.results().stream().map(TensorType::mlir).toList();
        List<String> carrierTypes = new ArrayList<>();
        List<String> returned = new ArrayList<>();
        String call = "func.call @" + INNER + "(" + String.join(", ", innerArgs) + ") : ("
                + String.join(", ", sig.arguments().stream().map(TensorType::mlir).toList()) + ") -> ("
                + String.join(", ", innerTypes) + ")";
        body.add("    " + (n == 0 ? "" : n == 1 ? "%r = " : "%r:" + n + " = ") + call);
        for (int i = 0; i < n; i++) {
            TensorType moduleType = sig.results().get(i);
            TensorType carrier = resultCarriers.get(i).carrierType(moduleType.shape());
            carrierTypes.add(carrier.mlir());
            String value = n == 1 ? "%r" : "%r#" + i;
            if (resultCarriers.get(i).crossing() == TfCarrier.Crossing.SPLIT_COMPLEX) {
                body.addAll(splitComplex(value, moduleType, carrier, "%o" + i));
                returned.add("%o" + i);
            } else if (resultCarriers.get(i).needsWrapper()) {
                body.add("    %o" + i + " = " + resultCarriers.get(i).crossing().op() + " " + value + " : (" + moduleType.mlir() + ") -> " + carrier.mlir());
                returned.add("%o" + i);
            } else {
                returned.add(value);
            }
        }
        out.append("  func.func public @main(").append(String.join(", ", params)).append(") -> (")
                .append(String.join(", ", carrierTypes)).append(") {\n");
        body.forEach(line -> out.append(line).append('\n'));
        out.append("    return");
        if (n > 0) out.append(' ').append(String.join(", ", returned)).append(" : ").append(String.join(", ", carrierTypes));
        out.append("\n  }\n");
        return out.toString();
    }
}
