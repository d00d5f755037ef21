/**
 * The StableHLO verifier: checks a {@link dev.switchyard.hlo.ir.ModuleOp} against the per-op
 * constraints of the StableHLO spec ({@code docs/spec.md} of openxla/stablehlo) and reports every
 * violation with the op, the constraint as the spec numbers it and the location:
 * <pre>12:8: error: 'stablehlo.transpose' (C2): permutation [0, 0] is not a permutation of [0, 1]</pre>
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.switchyard.hlo.verify.Verifier#verify} returns the list of
 *       {@link dev.switchyard.hlo.verify.VerifierError}s (empty when valid), in source order.</li>
 *   <li>{@link dev.switchyard.hlo.verify.Verifier#verifyOrThrow} throws a
 *       {@link dev.switchyard.hlo.verify.VerificationException} listing them.</li>
 * </ul>
 *
 * <h2>Labels</h2>
 * {@code (Cn)} is the spec's numbered constraint; {@code (In)} is the label of an input whose
 * declared type (the spec's input table, e.g. "tensor of integer type") is violated; no label for
 * rules the spec states in prose (operand counts, {@code func.return} against the function type,
 * {@code func.call} against its callee).
 *
 * <h2>What is checked</h2>
 * One class per op family registers its rules in {@code OpRegistry} under the op's full name:
 * elementwise ops and compare/select/clamp/convert/bitcast_convert/real/imag/complex
 * ({@code ElementwiseOps}); broadcast_in_dim, reshape, transpose, slice, dynamic_slice,
 * dynamic_update_slice, concatenate, pad, iota, reverse, constant, tuples ({@code ShapeOps});
 * dot_general and convolution ({@code ContractionOps}); gather and scatter ({@code GatherScatterOps});
 * reduce, reduce_window, select_and_scatter, sort, map, while, if, case ({@code RegionOps});
 * collectives ({@code CollectiveOps}); cholesky, triangular_solve, fft ({@code LinearAlgebraOps});
 * batch norm ({@code BatchNormOps}); rng ({@code RandomOps}); token ops ({@code TokenOps});
 * func.func/func.return/func.call and composite ({@code FuncOps}); and, beyond the StableHLO spec,
 * Shardy shardings on {@code sdy.sharding_constraint}, function arguments/results and any op's
 * {@code sdy.sharding} ({@code ShardyOps}: mesh in scope, one dimension sharding per dimension,
 * axes that exist and are used once).
 *
 * <p>Ops without rules (other dialects, ops not modelled) are accepted unchecked. Dynamic dimensions
 * match any size and element types the IR does not model (quantized, f8…) match anything: the
 * verifier reports only what it can prove wrong. Each op is checked once against its own operands,
 * attributes and region signatures, so verification is linear in the module size.
 */
package dev.switchyard.hlo.verify;
