package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Location;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Modules built with the IR builder, run end to end through the executor interface. */
class InterpreterTest {

    private static final Type.TensorType F32_4 = new Type.TensorType(ElementType.F32, 4);
    private static final Type.TensorType F32 = new Type.TensorType(ElementType.F32);
    private static final Type.TensorType I64 = new Type.TensorType(ElementType.I64);
    private static final Type.TensorType I1 = new Type.TensorType(ElementType.I1);

    private static Attribute.DenseElementsAttr scalar(Type.TensorType t, double v) {
        return new Attribute.DenseElementsAttr(t, t.knownElementType().get() == ElementType.F32
                ? HostTensor.ofFloats(ElementType.F32, new long[0], (float) v)
                : HostTensor.ofLongs(t.knownElementType().get(), new long[0], (long) v));
    }

    /** A region computing {@code op(a, b)} on two scalars of type t. */
    private static Region binaryBody(String op, Type.TensorType t) {
        Block b = new Block(List.of(t, t));
        OpBuilder ob = new OpBuilder(b);
        Value r = ob.op(op).operands(b.argument(0), b.argument(1)).result(t).value();
        ob.op("stablehlo.return").operands(r).build();
        return Region.of(b);
    }

    /** main(x: f32[4]) = sum(x * x) via reduce with an add body. */
    private static ModuleOp sumOfSquares() {
        ModuleOp m = new ModuleOp();
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(F32_4), List.of(F32)));
        OpBuilder b = new OpBuilder(f.body());
        Value x = f.arguments().getFirst();
        Value sq = b.op("stablehlo.multiply").operands(x, x).result(F32_4).value();
        Value zero = b.constant(scalar(F32, 0));
        Value sum = b.op("stablehlo.reduce").operands(sq, zero).attr("dimensions", Attribute.DenseArrayAttr.i64(0))
                .region(binaryBody("stablehlo.add", F32)).result(F32).value();
        b.op("func.return").operands(sum).build();
        return m;
    }

    @Test
    void runsMainOnHostTensors() throws ExecutionException {
        var exe = new ReferenceExecutor().compile(sumOfSquares(), CompileOptions.defaults());
        List<HostTensor> out = exe.execute(List.of(HostTensor.ofFloats(ElementType.F32, new long[] {4}, 1, 2, 3, 4)));
        assertArrayEquals(new float[] {30f}, out.getFirst().toFloats());
    }

    @Test
    void rejectsInputsOfTheWrongShapeOrType() throws ExecutionException {
        var exe = new ReferenceExecutor().compile(sumOfSquares(), CompileOptions.defaults());
        ExecutionException shape = assertThrows(ExecutionException.class,
                () -> exe.execute(List.of(HostTensor.ofFloats(ElementType.F32, new long[] {3}, 1, 2, 3))));
        assertEquals("argument 0 of @main: expected tensor<4xf32>, got f32[3]", shape.getMessage());
        ExecutionException type = assertThrows(ExecutionException.class,
                () -> exe.execute(List.of(HostTensor.ofLongs(ElementType.I32, new long[] {4}, 1, 2, 3, 4))));
        assertTrue(type.getMessage().contains("expected tensor<4xf32>, got i32[4]"), type.getMessage());
        ExecutionException count = assertThrows(ExecutionException.class, () -> exe.execute(List.of()));
        assertEquals("@main takes 1 arguments, got 0", count.getMessage());
        assertThrows(ExecutionException.class, () -> new ReferenceExecutor().compile(sumOfSquares(), new CompileOptions("nope", 1, 1)));
    }

    /** while (i < 5) { acc += i; i += 1 } with values from the enclosing scope used inside the body. */
    @Test
    void whileLoopSeesOuterValues() throws ExecutionException {
        ModuleOp m = new ModuleOp();
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(), List.of(I64)));
        OpBuilder b = new OpBuilder(f.body());
        Value zero = b.constant(scalar(I64, 0));
        Value one = b.constant(scalar(I64, 1));
        Value five = b.constant(scalar(I64, 5));
        Block cond = new Block(List.of(I64, I64));
        OpBuilder cb = new OpBuilder(cond);
        Value lt = cb.op("stablehlo.compare").operands(cond.argument(0), five)
                .attr("comparison_direction", new Attribute.EnumAttr(StablehloEnum.ComparisonDirection.LT)).result(I1).value();
        cb.op("stablehlo.return").operands(lt).build();
        Block body = new Block(List.of(I64, I64));
        OpBuilder bb = new OpBuilder(body);
        Value acc = bb.op("stablehlo.add").operands(body.argument(1), body.argument(0)).result(I64).value();
        Value next = bb.op("stablehlo.add").operands(body.argument(0), one).result(I64).value();
        bb.op("stablehlo.return").operands(next, acc).build();
        var loop = b.op("stablehlo.while").operands(zero, zero).region(Region.of(cond)).region(Region.of(body)).result(I64).result(I64).build();
        b.op("func.return").operands(loop.result(1)).build();
        List<HostTensor> out = new ReferenceExecutor().compile(m, CompileOptions.defaults()).execute(List.of());
        assertArrayEquals(new long[] {0 + 1 + 2 + 3 + 4}, out.getFirst().toLongs());
    }

    @Test
    void unknownOpsAndCustomCallsAreNamedWithTheirLocation() throws ExecutionException {
        ModuleOp m = new ModuleOp();
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(), List.of()));
        OpBuilder b = new OpBuilder(f.body()).at(new Location("model.mlir", 3, 5));
        b.op("stablehlo.custom_call").attr("call_target_name", new Attribute.StringAttr("my_kernel")).build();
        b.op("func.return").build();
        ExecutionException e = assertThrows(ExecutionException.class, () -> new ReferenceExecutor().compile(m, CompileOptions.defaults()).execute(List.of()));
        assertEquals("model.mlir:3:5: stablehlo.custom_call: not supported by the reference interpreter: custom call target 'my_kernel'", e.getMessage());
    }

    @Test
    void gspmdShardingCustomCallsAreIdentitiesOnOnePartition() throws ExecutionException {
        String text = """
                func.func public @main(%arg0: tensor<2xf32> {mhlo.sharding = "{devices=[2]<=[2]}"}) -> tensor<2xf32> {
                  %0 = stablehlo.custom_call @Sharding(%arg0) {mhlo.sharding = "{devices=[2]<=[2]}"} : (tensor<2xf32>) -> tensor<2xf32>
                  %1 = stablehlo.add %0, %0 : tensor<2xf32>
                  return %1 : tensor<2xf32>
                }
                """;
        HostTensor x = HostTensor.ofFloats(ElementType.F32, new long[] {2}, 1.5f, -4f);
        List<HostTensor> out = new ReferenceExecutor().compile(text, CompileOptions.defaults()).execute(List.of(x));
        assertArrayEquals(new float[] {3f, -8f}, out.getFirst().toFloats());
    }

    @Test
    void kernelErrorsBecomeLocatedMessages() {
        ModuleOp m = new ModuleOp();
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(F32_4), List.of(F32_4)));
        OpBuilder b = new OpBuilder(f.body()).at(new Location("bad.mlir", 7, 3));
        // a broadcast whose dims do not fit: operand dim 0 (size 4) to result dim 0 of size 2
        Value r = b.op("stablehlo.broadcast_in_dim").operands(f.arguments().getFirst())
                .attr("broadcast_dimensions", Attribute.DenseArrayAttr.i64(0)).result(new Type.TensorType(ElementType.F32, 2)).value();
        b.op("func.return").operands(r).build();
        ExecutionException e = assertThrows(ExecutionException.class, () -> new ReferenceExecutor().compile(m, CompileOptions.defaults())
                .execute(List.of(HostTensor.zeros(ElementType.F32, 4))));
        assertTrue(e.getMessage().startsWith("bad.mlir:7:3: stablehlo.broadcast_in_dim: "), e.getMessage());
    }
}
