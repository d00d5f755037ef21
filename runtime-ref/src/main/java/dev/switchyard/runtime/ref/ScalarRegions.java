package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.Comparison;
import dev.switchyard.runtime.ref.kernel.Elementwise;
import dev.switchyard.runtime.ref.kernel.ScalarProgram;
import dev.switchyard.runtime.ref.kernel.Storage;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a reduce body (or any region over rank-0 tensors) to a {@link ScalarProgram} when
 * every op in it has a register form: real and integer {@code compare}, {@code select}, the
 * arithmetic and bitwise binaries, {@code not} and scalar constants. Anything else (another op,
 * a value from an enclosing scope, complex or total-order comparison, several blocks) leaves the
 * region to the interpreter, which is always correct, only slower.
 */
final class ScalarRegions {
    private ScalarRegions() {}

    static Optional<ScalarProgram> compile(Region region) {
        try {
            return region.blocks().size() == 1 ? Optional.ofNullable(new Builder(region.entry()).build()) : Optional.empty();
        } catch (RuntimeException e) {
            // an attribute the builder cannot read: the interpreter reports it when the region runs
            return Optional.empty();
        }
    }

    private static final class Builder {
        private final Block block;
        private final Map<Value, Integer> registers = new IdentityHashMap<>();
        private final List<ElementType> types = new ArrayList<>();
        private final List<ScalarProgram.Instr> code = new ArrayList<>();

        Builder(Block block) { this.block = block; }

        /** The program, or null when some op or value has no register form. */
        ScalarProgram build() {
            for (Value a : block.arguments()) if (define(a) < 0) return null;
            for (Operation op : block.operations()) {
                if (op.name().equals("stablehlo.return")) {
                    int[] results = new int[op.numOperands()];
                    for (int k = 0; k < results.length; k++) {
                        Integer r = registers.get(op.operand(k));
                        if (r == null) return null;
                        results[k] = r;
                    }
                    return new ScalarProgram(types, block.arguments().size(), code, results);
                }
                if (!translate(op)) return null;
            }
            return null;
        }

        private boolean translate(Operation op) {
            if (op.numResults() != 1 || !op.regions().isEmpty()) return false;
            int[] in = new int[op.numOperands()];
            for (int k = 0; k < in.length; k++) {
                Integer r = registers.get(op.operand(k));
                if (r == null) return false; // defined outside the region
                in[k] = r;
            }
            ElementType t = scalarType(op.result(0).type());
            if (t == null) return false;
            Optional<Elementwise.Binary> binary = binary(op.name(), t);
            ScalarProgram.Instr instr;
            if (binary.isPresent() && in.length == 2 && types.get(in[0]) == t && types.get(in[1]) == t) {
                instr = new ScalarProgram.Binary(binary.get(), t, define(op.result(0)), in[0], in[1]);
            } else if (op.name().equals("stablehlo.compare") && in.length == 2 && t == ElementType.I1) {
                ElementType operand = types.get(in[0]);
                if (types.get(in[1]) != operand) return false;
                var dir = Comparison.Direction.valueOf(Attrs.enumOpt(op, "comparison_direction", StablehloEnum.ComparisonDirection.class)
                        .orElseThrow().name());
                var cmp = Comparison.Type.valueOf(Attrs.enumOpt(op, "compare_type", StablehloEnum.ComparisonType.class)
                        .orElse(StablehloEnum.ComparisonType.NOTYPE).name());
                boolean integer = Storage.of(operand) == Storage.INTEGER;
                // total order needs the float's bits; signedness is for integers, FLOAT for reals
                boolean fits = switch (cmp) {
                    case TOTALORDER -> false;
                    case NOTYPE -> true;
                    case FLOAT -> !integer;
                    case SIGNED, UNSIGNED -> integer;
                };
                if (!fits) return false;
                instr = new ScalarProgram.Compare(dir, operand, integer && Comparison.unsigned(cmp, operand), define(op.result(0)), in[0], in[1]);
            } else if (op.name().equals("stablehlo.select") && in.length == 3 && types.get(in[0]) == ElementType.I1
                    && types.get(in[1]) == t && types.get(in[2]) == t) {
                instr = new ScalarProgram.Select(define(op.result(0)), in[0], in[1], in[2]);
            } else if (op.name().equals("stablehlo.not") && in.length == 1 && types.get(in[0]) == t && Storage.of(t) == Storage.INTEGER) {
                instr = new ScalarProgram.Not(t, define(op.result(0)), in[0]);
            } else if (op.name().equals("stablehlo.constant") && in.length == 0) {
                Tensor c = Attrs.denseTensor(op, Attrs.required(op, "value"));
                if (c.size() != 1 || c.type() != t) return false;
                boolean integer = Storage.of(t) == Storage.INTEGER;
                instr = new ScalarProgram.Constant(define(op.result(0)), integer ? 0 : c.getDouble(0), integer ? c.getLong(0) : 0);
            } else {
                return false;
            }
            code.add(instr);
            return true;
        }

        /** A new register for {@code v}, or -1 when it is not a rank-0 real or integer tensor. */
        private int define(Value v) {
            ElementType t = scalarType(v.type());
            if (t == null) return -1;
            registers.put(v, types.size());
            types.add(t);
            return types.size() - 1;
        }

        private static ElementType scalarType(Type type) {
            if (!(type instanceof Type.TensorType tt) || tt.rank() != 0) return null;
            ElementType t = tt.knownElementType().orElse(null);
            return t == null || Storage.of(t) == Storage.COMPLEX ? null : t;
        }

        /** The binaries with the same meaning on registers as in the elementwise kernel, for {@code t}. */
        private static Optional<Elementwise.Binary> binary(String name, ElementType t) {
            boolean integer = Storage.of(t) == Storage.INTEGER;
            return switch (name) {
                case "stablehlo.add" -> Optional.of(Elementwise.Binary.ADD);
                case "stablehlo.subtract" -> Optional.of(Elementwise.Binary.SUBTRACT);
                case "stablehlo.multiply" -> Optional.of(Elementwise.Binary.MULTIPLY);
                case "stablehlo.divide" -> Optional.of(Elementwise.Binary.DIVIDE);
                case "stablehlo.maximum" -> Optional.of(Elementwise.Binary.MAXIMUM);
                case "stablehlo.minimum" -> Optional.of(Elementwise.Binary.MINIMUM);
                case "stablehlo.and" -> integer ? Optional.of(Elementwise.Binary.AND) : Optional.empty();
                case "stablehlo.or" -> integer ? Optional.of(Elementwise.Binary.OR) : Optional.empty();
                case "stablehlo.xor" -> integer ? Optional.of(Elementwise.Binary.XOR) : Optional.empty();
                default -> Optional.empty();
            };
        }
    }
}
