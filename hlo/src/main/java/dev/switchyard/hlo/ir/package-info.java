/**
 * The StableHLO IR: an in-memory MLIR module as StableHLO uses it, with text printers and a parser.
 *
 * <h2>Text</h2>
 * <ul>
 *   <li>{@link dev.switchyard.hlo.ir.HloParser#parse(String, String)} reads generic form, pretty form or
 *       a mix into a {@link dev.switchyard.hlo.ir.ModuleOp}; errors are
 *       {@link dev.switchyard.hlo.ir.HloParseException}s with file, line and column ("expected X, found Y"),
 *       for any input (nesting is bounded, so 10 000 levels give an error, not a stack overflow).
 *       {@link dev.switchyard.hlo.ir.HloParser#split(String)} splits at {@code // -----} lines.</li>
 *   <li>{@link dev.switchyard.hlo.ir.GenericPrinter} writes MLIR's generic form (what {@code mlir-opt
 *       --allow-unregistered-dialect} reads); {@link dev.switchyard.hlo.ir.PrettyPrinter} writes StableHLO's
 *       custom assembly where the op has one. Both number values as MLIR does; print → parse → print is a
 *       fixpoint, and pretty → parse → generic equals generic.</li>
 *   <li>The pretty syntax of each op is one {@code OpSyntax} in the registry {@code PrettySyntax}, keyed
 *       by op name (add an op there); ops without one print generically.</li>
 * </ul>
 *
 * <h2>Data model</h2>
 * <ul>
 *   <li>{@link dev.switchyard.hlo.ir.ModuleOp}: optional name, attributes ({@code mhlo.num_partitions}…),
 *       a body {@link dev.switchyard.hlo.ir.Block} of top-level ops; {@link dev.switchyard.hlo.ir.ModuleOp#functions()}.</li>
 *   <li>{@link dev.switchyard.hlo.ir.Operation}: full op name ({@code stablehlo.add}), operands,
 *       results ({@link dev.switchyard.hlo.ir.Value}s it owns), ordered attributes, regions and a
 *       {@link dev.switchyard.hlo.ir.Location}. There is one op class for every op: consumers dispatch
 *       on {@link dev.switchyard.hlo.ir.Operation#name()} (a registry keyed by op name — that is the
 *       extension point for verifier, interpreter and pretty syntax).</li>
 *   <li>{@link dev.switchyard.hlo.ir.Region} holds {@link dev.switchyard.hlo.ir.Block}s; a block has
 *       typed arguments and ops. {@link dev.switchyard.hlo.ir.FuncOp} is a typed view of {@code func.func}
 *       (name, type, visibility, argument/result attributes such as {@code sdy.sharding}).</li>
 *   <li>{@link dev.switchyard.hlo.ir.Type} (sealed): tensor, scalar, tuple, token, function, and an
 *       opaque fallback for types we only carry (quantized…).</li>
 *   <li>{@link dev.switchyard.hlo.ir.Attribute} (sealed): builtin attributes; dense elements hold a
 *       {@link dev.switchyard.hlo.tensor.HostTensor} (rank 0 for a splat); structured {@code #stablehlo.*}
 *       attributes (dimension numbers, {@link dev.switchyard.hlo.ir.StablehloEnum enums}, channel handle,
 *       result accuracy), Shardy {@code #sdy.*} and {@code mhlo.sharding} ({@link dev.switchyard.hlo.ir.GspmdSharding});
 *       {@code OpaqueAttr} keeps anything else verbatim.</li>
 * </ul>
 *
 * <h2>Building</h2>
 * <pre>{@code
 * ModuleOp m = new ModuleOp();
 * FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(t, t), List.of(t)));
 * OpBuilder b = new OpBuilder(f.body());
 * Value sum = b.op("stablehlo.add").operands(f.arguments()).result(t).value();
 * b.op("func.return").operands(sum).build();
 * String text = GenericPrinter.print(m);
 * }</pre>
 */
package dev.switchyard.hlo.ir;
