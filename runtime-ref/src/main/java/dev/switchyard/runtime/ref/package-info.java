/**
 * The reference interpreter: runs StableHLO (parsed by the {@code hlo} module) on the CPU.
 *
 * <ul>
 *   <li>{@link dev.switchyard.runtime.ref.ReferenceExecutor} / {@link dev.switchyard.runtime.ref.ReferenceExecutable}:
 *       the {@code Executor} implementation (parse once, run {@code @main} or a named function on host tensors).</li>
 *   <li>{@link dev.switchyard.runtime.ref.Interpreter}: walks a module; each op name maps to an evaluator
 *       registered by one op family ({@code ElementwiseOps}, {@code ShapeOps}, {@code ComputeOps},
 *       {@code ControlFlowOps}, {@code CollectiveOps}, {@code CheckOps}).</li>
 *   <li>{@link dev.switchyard.runtime.ref.TestFileRunner}: StableHLO interpreter test files (PASS/FAIL/UNSUPPORTED per case).</li>
 *   <li>{@code kernel}: the op semantics on flat primitive arrays ({@link dev.switchyard.runtime.ref.kernel.Tensor}),
 *       independent of the IR, one class per op family.</li>
 * </ul>
 */
package dev.switchyard.runtime.ref;
