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

    private static String wrapperFunction(MainSignature sig, List<TfCarrier> argCarriers, List<TfCarrier> resultCarriers) {
        StringBuilder out = new StringBuilder();
        List<String> params = new ArrayList<>();
        List<String> innerArgs = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (int i = 0; i < sig.arguments().size(); i++) {
            TensorType moduleType = sig.arguments().get(i);
            TensorType carrier = moduleType.withElementType(argCarriers.get(i).carrierType());
            params.add("%arg" + i + ": " + carrier.mlir());
            if (argCarriers.get(i).needsWrapper()) {
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
            TensorType carrier = moduleType.withElementType(resultCarriers.get(i).carrierType());
            carrierTypes.add(carrier.mlir());
            String value = n == 1 ? "%r" : "%r#" + i;
            if (resultCarriers.get(i).needsWrapper()) {
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
