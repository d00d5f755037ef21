package dev.switchyard.hlo.ir;

import static dev.switchyard.hlo.ir.FormatSyntax.AnyAttr;
import static dev.switchyard.hlo.ir.FormatSyntax.AttrDict;
import static dev.switchyard.hlo.ir.FormatSyntax.BarrierOperands;
import static dev.switchyard.hlo.ir.FormatSyntax.BoolBare;
import static dev.switchyard.hlo.ir.FormatSyntax.ComplexType;
import static dev.switchyard.hlo.ir.FormatSyntax.ConvDims;
import static dev.switchyard.hlo.ir.FormatSyntax.DotDims;
import static dev.switchyard.hlo.ir.FormatSyntax.EnumWord;
import static dev.switchyard.hlo.ir.FormatSyntax.ExponentMantissa;
import static dev.switchyard.hlo.ir.FormatSyntax.FloatBare;
import static dev.switchyard.hlo.ir.FormatSyntax.FunctionalType;
import static dev.switchyard.hlo.ir.FormatSyntax.I64Array;
import static dev.switchyard.hlo.ir.FormatSyntax.Int;
import static dev.switchyard.hlo.ir.FormatSyntax.Lit;
import static dev.switchyard.hlo.ir.FormatSyntax.MeshStripped;
import static dev.switchyard.hlo.ir.FormatSyntax.Operands;
import static dev.switchyard.hlo.ir.FormatSyntax.OperandsTrailingComma;
import static dev.switchyard.hlo.ir.FormatSyntax.OperandType;
import static dev.switchyard.hlo.ir.FormatSyntax.Opt;
import static dev.switchyard.hlo.ir.FormatSyntax.OptionalOperandTypes;
import static dev.switchyard.hlo.ir.FormatSyntax.PrecisionAndAlgorithm;
import static dev.switchyard.hlo.ir.FormatSyntax.PrecisionConfig;
import static dev.switchyard.hlo.ir.FormatSyntax.ResultType;
import static dev.switchyard.hlo.ir.FormatSyntax.ResultTypes;
import static dev.switchyard.hlo.ir.FormatSyntax.SameType;
import static dev.switchyard.hlo.ir.FormatSyntax.SelectType;
import static dev.switchyard.hlo.ir.FormatSyntax.ShardingStripped;
import static dev.switchyard.hlo.ir.FormatSyntax.SliceRanges;
import static dev.switchyard.hlo.ir.FormatSyntax.Str;
import static dev.switchyard.hlo.ir.FormatSyntax.SymbolRef;
import static dev.switchyard.hlo.ir.FormatSyntax.SymbolStr;
import static dev.switchyard.hlo.ir.FormatSyntax.TupleResultType;
import static dev.switchyard.hlo.ir.FormatSyntax.WindowAttrs;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of pretty op syntaxes, keyed by op name, following the assembly formats of
 * StableHLO's {@code StablehloOps.td}, the {@code check} and {@code interpreter} test dialects,
 * Shardy and {@code func}. Ops not listed (if, case, sort, gather, scatter, collectives, …) have no
 * custom syntax in StableHLO either and print in generic form.
 */
final class PrettySyntax {
    private PrettySyntax() {}

    private static final Map<String, OpSyntax> SYNTAX = new HashMap<>();

    static OpSyntax forName(String name) { return SYNTAX.get(name); }

    /** The names of all ops with a pretty syntax. */
    static Set<String> names() { return SYNTAX.keySet(); }

    private static void add(OpSyntax s, String... names) {
        for (String n : names) SYNTAX.put(n, s);
    }

    private static FormatSyntax.El lit(String s) { return new Lit(s); }

    private static final FormatSyntax.El OPS = new Operands(true);
    private static final FormatSyntax.El DICT = new AttrDict();
    private static final FormatSyntax.El COLON = new Lit(" : ");
    private static final FormatSyntax.El FUNC = new FunctionalType();

    static {
        FormatSyntax same = new FormatSyntax(OPS, DICT, COLON, new SameType());
        for (String op : List.of("abs", "cbrt", "ceil", "convert", "count_leading_zeros", "cosine", "exponential",
                "exponential_minus_one", "floor", "imag", "log", "log_plus_one", "logistic", "not", "negate", "popcnt", "real",
                "round_nearest_afz", "round_nearest_even", "rsqrt", "sign", "sine", "sqrt", "tan", "tanh", "uniform_quantize",
                "uniform_dequantize", "add", "atan2", "divide", "maximum", "minimum", "multiply", "power", "remainder",
                "shift_left", "shift_right_arithmetic", "shift_right_logical", "subtract", "and", "or", "xor", "clamp", "after_all")) {
            add(same, "stablehlo." + op);
        }
        FormatSyntax functional = new FormatSyntax(OPS, DICT, COLON, FUNC);
        add(functional, "stablehlo.is_finite", "stablehlo.dynamic_update_slice", "stablehlo.bitcast_convert", "stablehlo.reshape",
                "stablehlo.dynamic_reshape", "stablehlo.real_dynamic_slice", "stablehlo.dynamic_pad");
        add(new FormatSyntax(OPS, DICT, COLON, new ComplexType()), "stablehlo.complex");
        add(new ConstantSyntax(), "stablehlo.constant");
        add(new FormatSyntax(lit(" dim = "), new Int("iota_dimension", ElementType.I64), DICT, COLON, new ResultType()), "stablehlo.iota");
        add(new FormatSyntax(OPS, lit(", dim = "), new Int("iota_dimension", ElementType.I64), DICT, COLON, FUNC), "stablehlo.dynamic_iota");
        add(new FormatSyntax(DICT, COLON, new ResultTypes()), "stablehlo.create_token", "stablehlo.replica_id", "stablehlo.partition_id");
        add(new FormatSyntax(OPS, lit("["), new Int("index", ElementType.I32), lit("]"), DICT, COLON, FUNC), "stablehlo.get_tuple_element");
        add(new FormatSyntax(OPS, DICT, COLON, new TupleResultType()), "stablehlo.tuple");
        add(new FormatSyntax(lit(" "), new EnumWord("comparison_direction", "comparison_direction"), lit(","), OPS,
                new Opt("compare_type", List.of(lit(", "), new EnumWord("compare_type", "comparison_type"))), DICT, COLON, FUNC),
                "stablehlo.compare");
        add(new FormatSyntax(OPS, lit(" "), new SliceRanges(), DICT, COLON, FUNC), "stablehlo.slice");
        add(new FormatSyntax(new OperandsTrailingComma(), lit(" sizes = "), new I64Array("slice_sizes"), DICT, COLON, FUNC),
                "stablehlo.dynamic_slice");
        add(new FormatSyntax(new OperandsTrailingComma(), lit(" dim = "), new Int("dimension", ElementType.I64), DICT, COLON, FUNC),
                "stablehlo.concatenate");
        add(new FormatSyntax(OPS, lit(", sizes = "), new I64Array("broadcast_sizes"), DICT, COLON, FUNC), "stablehlo.broadcast");
        add(new FormatSyntax(OPS, lit(", dims = "), new I64Array("broadcast_dimensions"), DICT, COLON, FUNC),
                "stablehlo.broadcast_in_dim", "stablehlo.dynamic_broadcast_in_dim");
        add(new FormatSyntax(OPS, new Opt("lower", List.of(lit(", lower = "), new BoolBare("lower"))), DICT, COLON, new SameType()),
                "stablehlo.cholesky");
        add(new FormatSyntax(lit(" "), new Str("name"), OPS, DICT, COLON, FUNC), "stablehlo.composite");
        add(new FormatSyntax(lit("("), new Operands(false), lit(") dim_numbers = "), new ConvDims("dimension_numbers"),
                lit(", window = {"), new WindowAttrs(), lit("}"), DICT, COLON, FUNC), "stablehlo.convolution");
        add(new FormatSyntax(lit(" "), new SymbolStr("call_target_name"), lit("("), new Operands(false), lit(")"), DICT, COLON, FUNC),
                "stablehlo.custom_call");
        add(new FormatSyntax(OPS, new PrecisionConfig(), DICT, COLON, FUNC), "stablehlo.dot");
        add(new FormatSyntax(OPS, lit(", "), new DotDims("dot_dimension_numbers"), new PrecisionAndAlgorithm(), DICT, COLON, FUNC),
                "stablehlo.dot_general");
        add(new FormatSyntax(OPS, lit(", config = "), new Str("einsum_config"), DICT, COLON, FUNC), "stablehlo.einsum", "stablehlo.unary_einsum");
        add(new FormatSyntax(OPS, lit(", type = "), new EnumWord("fft_type", "fft_type"), lit(", length = "), new I64Array("fft_length"),
                DICT, COLON, FUNC), "stablehlo.fft");
        add(new FormatSyntax(OPS, lit(", dim = "), new Int("dimension", ElementType.I64), DICT, COLON, FUNC),
                "stablehlo.get_dimension_size", "stablehlo.set_dimension_size");
        add(new FormatSyntax(OPS, DICT, COLON, new SelectType()), "stablehlo.select");
        add(new FormatSyntax(OPS, lit(", dims = "), new I64Array("dimensions"), DICT, COLON, new SameType()), "stablehlo.reverse");
        add(new FormatSyntax(OPS, lit(", low = "), new I64Array("edge_padding_low"), lit(", high = "), new I64Array("edge_padding_high"),
                lit(", interior = "), new I64Array("interior_padding"), DICT, COLON, FUNC), "stablehlo.pad");
        add(new FormatSyntax(OPS, lit(", dims = "), new I64Array("permutation"), DICT, COLON, FUNC), "stablehlo.transpose");
        add(new FormatSyntax(OPS, DICT, new OptionalOperandTypes()), "stablehlo.return", "func.return");
        add(new FormatSyntax(DICT, new BarrierOperands()), "stablehlo.optimization_barrier");
        add(new FormatSyntax(OPS, lit(", distribution = "), new EnumWord("rng_distribution", "rng_distribution"), DICT, COLON, FUNC),
                "stablehlo.rng");
        add(new FormatSyntax(OPS, lit(", algorithm = "), new EnumWord("rng_algorithm", "rng_algorithm"), DICT, COLON, FUNC),
                "stablehlo.rng_bit_generator");
        add(new FormatSyntax(OPS, lit(", format = "), new ExponentMantissa(), DICT, COLON, new SameType()), "stablehlo.reduce_precision");
        add(new WhileSyntax(), "stablehlo.while");
        add(new ReduceSyntax(), "stablehlo.reduce");
        add(new ChloScanSyntax(), "chlo.scan");

        // func
        add(new FuncSyntax(), "func.func");
        add(new FormatSyntax(lit(" "), new SymbolRef("callee"), lit("("), new Operands(false), lit(")"), DICT, COLON, FUNC), "func.call");

        // check dialect (StableHLO's interpreter tests)
        add(new FormatSyntax(OPS, lit(", "), new AnyAttr("value"),
                new Opt("tolerance", List.of(lit(", tolerance = "), new FloatBare("tolerance", ElementType.F64))), DICT),
                "check.expect_almost_eq_const");
        add(new FormatSyntax(OPS, new Opt("tolerance", List.of(lit(", tolerance = "), new FloatBare("tolerance", ElementType.F64))),
                DICT, COLON, new OperandType(0)), "check.expect_almost_eq");
        add(new FormatSyntax(OPS, lit(", "), new AnyAttr("value"), DICT), "check.expect_eq_const");
        add(new FormatSyntax(OPS, DICT, COLON, new OperandType(0)), "check.expect_eq");
        add(new FormatSyntax(OPS, lit(", max_ulp_difference = "), new Int("max_ulp_difference", ElementType.I64),
                new Opt("min_ulp_difference", List.of(lit(", min_ulp_difference = "), new Int("min_ulp_difference", ElementType.I64))),
                lit(" :"), DICT, lit(" "), new OperandType(0), lit(", "), new OperandType(1)), "check.expect_close");
        add(new FormatSyntax(OPS, lit(", probe_id = "), new Str("probe_id"),
                new Opt("iteration", List.of(lit(", iter = "), new Int("iteration", ElementType.I64))), DICT, COLON, new OperandType(0)),
                "check.expect_serialized_eq");
        add(new FormatSyntax(OPS, DICT, COLON, new OperandType(0)), "interpreter.print");
        add(new FormatSyntax(OPS, lit(", probe_id = "), new Str("probe_id"), DICT, COLON, new ResultType()), "interpreter.probe");

        // Shardy
        add(new FormatSyntax(OPS, lit(" "), new ShardingStripped("sharding"), DICT, COLON, new ResultType()), "sdy.sharding_constraint");
        add(new FormatSyntax(lit(" "), new SymbolStr("sym_name"), lit(" = "), new MeshStripped("mesh"), DICT), "sdy.mesh");
    }
}
