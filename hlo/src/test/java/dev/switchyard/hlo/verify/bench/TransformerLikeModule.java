package dev.switchyard.hlo.verify.bench;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;

/**
 * A valid module shaped like a transformer's feed-forward stack, for measuring the verifier: each
 * layer is dot_general, broadcast_in_dim + add (bias), compare + select (ReLU), reduce with a body
 * (row max, its body counted), reshape and transpose and back: 13 ops per layer.
 */
public final class TransformerLikeModule {
    private TransformerLikeModule() {}

    public static ModuleOp build(int layers, int tokens, int dModel) {
        TensorType x = new TensorType(ElementType.F32, tokens, dModel);
        TensorType w = new TensorType(ElementType.F32, dModel, dModel);
        TensorType bias = new TensorType(ElementType.F32, dModel);
        TensorType scalar = new TensorType(ElementType.F32);
        TensorType pred = new TensorType(ElementType.I1, tokens, dModel);
        ModuleOp m = new ModuleOp();
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(x, w, bias, scalar), List.of(x)));
        OpBuilder b = new OpBuilder(f.body());
        Value h = f.arguments().get(0);
        Value weights = f.arguments().get(1), bVec = f.arguments().get(2), zero = f.arguments().get(3);
        for (int l = 0; l < layers; l++) {
            Value mm = b.op("stablehlo.dot_general").operands(h, weights)
                    .attr("dot_dimension_numbers", new Attribute.DotDimensionNumbers(new long[0], new long[0], new long[] {1}, new long[] {0}))
                    .result(x).value();
            Value bb = b.op("stablehlo.broadcast_in_dim").operands(bVec).attr("broadcast_dimensions", Attribute.DenseArrayAttr.i64(1)).result(x).value();
            Value sum = b.op("stablehlo.add").operands(mm, bb).result(x).value();
            Value z = b.op("stablehlo.broadcast_in_dim").operands(zero).attr("broadcast_dimensions", Attribute.DenseArrayAttr.i64()).result(x).value();
            Value gt = b.op("stablehlo.compare").operands(sum, z)
                    .attr("comparison_direction", new Attribute.EnumAttr(StablehloEnum.ComparisonDirection.GT)).result(pred).value();
            Value relu = b.op("stablehlo.select").operands(gt, sum, z).result(x).value();
            Block body = new Block(List.of(scalar, scalar));
            OpBuilder rb = new OpBuilder(body);
            Value mx = rb.op("stablehlo.maximum").operands(body.argument(0), body.argument(1)).result(scalar).value();
            rb.op("stablehlo.return").operands(mx).build();
            b.op("stablehlo.reduce").operands(relu, zero).attr("dimensions", Attribute.DenseArrayAttr.i64(1))
                    .region(Region.of(body)).result(new TensorType(ElementType.F32, tokens)).build();
            Value flat = b.op("stablehlo.reshape").operands(relu).result(new TensorType(ElementType.F32, (long) tokens * dModel)).value();
            Value back = b.op("stablehlo.reshape").operands(flat).result(x).value();
            Value t = b.op("stablehlo.transpose").operands(back).attr("permutation", Attribute.DenseArrayAttr.i64(1, 0))
                    .result(new TensorType(ElementType.F32, dModel, tokens)).value();
            h = b.op("stablehlo.transpose").operands(t).attr("permutation", Attribute.DenseArrayAttr.i64(1, 0)).result(x).value();
        }
        b.op("func.return").operands(h).build();
        return m;
    }

    /** Ops in a module built with {@code layers} layers (13 per layer, plus func.func and func.return). */
    public static int opCount(int layers) { return 13 * layers + 2; }
}
