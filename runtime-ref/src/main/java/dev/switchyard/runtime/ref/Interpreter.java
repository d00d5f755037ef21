package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.runtime.ref.kernel.Elementwise;
import dev.switchyard.runtime.ref.kernel.ScalarFunction;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks a StableHLO module: each op's operands are looked up, its evaluator (found by op name in
 * the registry the op families fill) computes the results. Regions run in a nested scope that can
 * see the values of the scopes around them, as MLIR's regions can.
 */
public final class Interpreter {
    private static final Map<String, OpEvaluator> REGISTRY = new HashMap<>();
    /** Evaluators that read their op's attributes once, when the op is planned, for the hot ops. */
    private static final Map<String, OpPreparer> PREPARERS = new HashMap<>();

    static {
        ElementwiseOps.register(REGISTRY);
        ShapeOps.register(REGISTRY);
        ComputeOps.register(REGISTRY);
        ControlFlowOps.register(REGISTRY);
        CheckOps.register(REGISTRY);
        CollectiveOps.register(REGISTRY);
        ElementwiseOps.prepare(PREPARERS);
        ShapeOps.prepare(PREPARERS);
        ComputeOps.prepare(PREPARERS);
    }

    private final ModuleOp module;
    private int callDepth;
    private static final int MAX_CALL_DEPTH = 200;

    private final ProcessContext process;

    private final ConstantCache constants;

    private final BlockPlan.Cache plans;

    /** The default of {@link #maxSteps}: generous for real loops, a few seconds to a minute of a trivial one. */
    public static final long DEFAULT_MAX_STEPS = 10_000_000;
    private long maxSteps = DEFAULT_MAX_STEPS;
    private long steps;

    public Interpreter(ModuleOp module) { this(module, ProcessContext.single(), new ConstantCache(), new BlockPlan.Cache()); }

    Interpreter(ModuleOp module, ConstantCache constants, BlockPlan.Cache plans) { this(module, ProcessContext.single(), constants, plans); }

    Interpreter(ModuleOp module, ProcessContext process, ConstantCache constants, BlockPlan.Cache plans) {
        this.module = module;
        this.process = process;
        this.constants = constants;
        this.plans = plans;
    }

    /** The blocks' plans, shared like {@link #constants()}. */
    BlockPlan.Cache plans() { return plans; }

    /** Bounds the {@code stablehlo.while} iterations of one call, all loops together (a loop that never ends). */
    public Interpreter maxSteps(long n) {
        if (n < 1) throw new IllegalArgumentException("maxSteps must be at least 1, got " + n);
        this.maxSteps = n;
        return this;
    }

    long maxSteps() { return maxSteps; }

    /** Counts one loop iteration of {@code op} against {@link #maxSteps}. */
    void step(Operation op) {
        if (++steps > maxSteps) {
            throw new InterpretException(op, "ran more than " + maxSteps + " loop iterations (the limit, --max-steps);"
                    + " does its condition ever become false?");
        }
    }

    /** The constants materialised so far, shared by the interpreters of one executable. */
    ConstantCache constants() { return constants; }

    ProcessContext process() { return process; }

    public ModuleOp module() { return module; }

    private final Map<String, List<Tensor>> probes = new HashMap<>();

    /** Keeps each value {@code interpreter.probe} sees, per id, in order (one per loop iteration). */
    void recordProbe(String id, Tensor value) { probes.computeIfAbsent(id, k -> new ArrayList<>()).add(value); }

    Optional<Tensor> probe(String id, int iteration) {
        List<Tensor> seen = probes.get(id);
        return seen == null || iteration >= seen.size() ? Optional.empty() : Optional.of(seen.get(iteration));
    }

    /** Whether the interpreter knows how to evaluate ops of this name. */
    public static boolean supports(String opName) { return REGISTRY.containsKey(opName); }

    /** Runs function {@code name} on arguments and returns its results. */
    public List<RuntimeValue> call(String name, List<RuntimeValue> arguments) {
        FuncOp f = module.function(name).orElseThrow(() -> new InterpretException("no function @" + name + " in the module"));
        return call(f, arguments);
    }

    List<RuntimeValue> call(FuncOp f, List<RuntimeValue> arguments) {
        return call(f, arguments, false);
    }

    /**
     * {@link #call} that empties {@code arguments} once they are bound, so that (when the caller
     * keeps no other reference) each argument is garbage after its last use in the function.
     */
    List<RuntimeValue> callConsuming(FuncOp f, ArrayList<RuntimeValue> arguments) {
        return call(f, arguments, true);
    }

    /**
     * {@link #callConsuming} where the tensors in {@code owned} (donated arguments nobody else
     * holds) may be overwritten by an op of {@code f}'s body at their last use ({@link DonatedOperands}).
     */
    List<RuntimeValue> callConsuming(FuncOp f, ArrayList<RuntimeValue> arguments, java.util.Set<Tensor> owned) {
        this.owned = owned;
        return call(f, arguments, true);
    }

    /** Donated argument tensors the top-level body may write into (identity set); empty unless {@link #callConsuming} gave some. */
    private java.util.Set<Tensor> owned = java.util.Set.of();
    /** The scope of the consuming call's body: the only one whose arguments can be donated. */
    private Scope ownedScope;
    /** The step being run and its scope, for {@link #overwritable}. */
    private BlockPlan.Step step;
    private Scope stepScope;

    /**
     * An operand of the running op that it may overwrite with its result (of {@code type}, shaped
     * like {@code like}): a donated argument at its last use that nothing else can read, handed
     * over once, or a fresh value at its last use; null when there is none. Small results are left
     * to the allocator: a new small array costs less than the checks.
     */
    Tensor overwritable(List<RuntimeValue> in, dev.switchyard.hlo.tensor.ElementType type, Tensor like) {
        BlockPlan.Step s = step;
        if (!DonatedOperands.IN_PLACE || like.size() < DonatedOperands.MIN_ELEMENTS || s == null || s.overwritable == null
                || stepScope != ownedScope) return null;
        for (int k = 0; k < s.overwritable.length && k < in.size(); k++) {
            if (s.overwritable[k] == DonatedOperands.NONE || !(in.get(k) instanceof RuntimeValue.OfTensor v)) continue;
            Tensor t = v.tensor();
            if (t.type() != type || t.isSplat() || t.storageArray() == null || !sameShape(t, like)) continue;
            // an argument only if this execute owns it; a fresh op's result is this frame's alone
            if (s.overwritable[k] == DonatedOperands.FRESH_VALUE || (!owned.isEmpty() && owned.remove(t))) return t;
        }
        return null;
    }

    private static boolean sameShape(Tensor a, Tensor b) {
        if (a.rank() != b.rank()) return false;
        for (int i = 0; i < a.rank(); i++) if (a.dim(i) != b.dim(i)) return false;
        return true;
    }

    private List<RuntimeValue> call(FuncOp f, List<RuntimeValue> arguments, boolean consume) {
        if (f.bodyRegion().isEmpty()) throw new InterpretException(f.op(), "function @" + f.name() + " has no body (a declaration only)");
        if (++callDepth > MAX_CALL_DEPTH) {
            callDepth = 0;
            throw new InterpretException(f.op(), "calls nested deeper than " + MAX_CALL_DEPTH + " (recursion?) at @" + f.name());
        }
        try {
            return runBlock(f.body(), arguments, null, consume);
        } finally {
            callDepth--;
        }
    }

    /** Runs a region's entry block with the given arguments in a scope nested in {@code outer}. */
    List<RuntimeValue> runRegion(Region region, List<RuntimeValue> arguments, Scope outer) {
        return runBlock(region.entry(), arguments, outer, false);
    }

    /** A region over scalars, as kernels call reduce bodies and comparators. */
    ScalarFunction scalarFunction(Region region, Scope outer) {
        return args -> {
            List<RuntimeValue> in = new ArrayList<>(args.size());
            for (Tensor t : args) in.add(RuntimeValue.of(t));
            List<RuntimeValue> out = runRegion(region, in, outer);
            List<Tensor> tensors = new ArrayList<>(out.size());
            for (RuntimeValue v : out) tensors.add(tensorOf(v));
            return tensors;
        };
    }

    /**
     * The binary op a reduction body is, when it is exactly {@code return op(arg0, arg1)} (either
     * operand order): then kernels combine on flat arrays instead of calling the region.
     */
    static Optional<Elementwise.Binary> knownBinaryBody(Region region) {
        if (region.blocks().size() != 1) return Optional.empty();
        Block b = region.entry();
        if (b.arguments().size() != 2 || b.operations().size() != 2) return Optional.empty();
        Operation op = b.operations().get(0);
        Operation ret = b.operations().get(1);
        if (op.numOperands() != 2 || ret.numOperands() != 1 || ret.operand(0) != op.result(0)) return Optional.empty();
        boolean args = (op.operand(0) == b.argument(0) && op.operand(1) == b.argument(1))
                || (op.operand(0) == b.argument(1) && op.operand(1) == b.argument(0));
        if (!args) return Optional.empty();
        return switch (op.name()) {
            case "stablehlo.add" -> Optional.of(Elementwise.Binary.ADD);
            case "stablehlo.multiply" -> Optional.of(Elementwise.Binary.MULTIPLY);
            case "stablehlo.maximum" -> Optional.of(Elementwise.Binary.MAXIMUM);
            case "stablehlo.minimum" -> Optional.of(Elementwise.Binary.MINIMUM);
            case "stablehlo.and" -> Optional.of(Elementwise.Binary.AND);
            case "stablehlo.or" -> Optional.of(Elementwise.Binary.OR);
            case "stablehlo.xor" -> Optional.of(Elementwise.Binary.XOR);
            default -> Optional.empty();
        };
    }

    /** Values visible in a block: its own frame (slots of its {@link BlockPlan}), then those of enclosing scopes. */
    static final class Scope {
        private final BlockPlan plan;
        private final RuntimeValue[] frame;
        private final Scope outer;

        Scope(BlockPlan plan, Scope outer) {
            this.plan = plan;
            this.frame = new RuntimeValue[plan.frameSize];
            this.outer = outer;
        }

        /** Operand {@code k} of step {@code s}. */
        RuntimeValue get(BlockPlan.Step s, int k) {
            int depth = s.operandDepth[k];
            Scope scope = this;
            for (int d = 0; d < depth && scope != null; d++) scope = scope.outer;
            RuntimeValue r = depth == BlockPlan.UNRESOLVED || scope == null ? null : scope.frame[s.operandSlot[k]];
            if (r == null) throw new InterpretException(s.op, "operand " + s.op.operand(k) + " has no value (used before it is defined?)");
            return r;
        }
    }

    private List<RuntimeValue> runBlock(Block block, List<RuntimeValue> arguments, Scope outer, boolean consume) {
        BlockPlan plan = plans.of(block, outer == null ? null : outer.plan);
        if (plan.numArguments != arguments.size()) {
            throw new InterpretException("block expects " + plan.numArguments + " arguments, got " + arguments.size());
        }
        Scope scope = new Scope(plan, outer);
        if (consume) ownedScope = scope;
        RuntimeValue[] frame = scope.frame;
        for (int i = 0; i < arguments.size(); i++) frame[i] = arguments.get(i);
        if (consume) arguments.clear();
        for (BlockPlan.Step s : plan.steps) {
            if (s.terminator) return operands(s, scope);
            OpProfile profile = OpProfile.active;
            if (profile == null) {
                runStep(s, scope);
                continue;
            }
            // the step's whole cost (operand reads, evaluation, result writes) is its own, not its enclosing op's
            long start = System.nanoTime(), nested = profile.enter();
            try {
                runStep(s, scope);
            } finally {
                profile.exit(s.counter(profile), s.flops, start, nested);
            }
        }
        throw new InterpretException("block ends without a terminator (func.return / stablehlo.return)");
    }

    private static List<RuntimeValue> operands(BlockPlan.Step s, Scope scope) {
        RuntimeValue[] operands = new RuntimeValue[s.operandSlot.length];
        for (int k = 0; k < operands.length; k++) operands[k] = scope.get(s, k);
        return Arrays.asList(operands);
    }

    private void runStep(BlockPlan.Step s, Scope scope) {
        step = s;
        stepScope = scope;
        List<RuntimeValue> results = evaluate(s, operands(s, scope), scope);
        if (results.size() != s.resultSlots.length) {
            throw new InterpretException(s.op, "produced " + results.size() + " results, the op declares " + s.resultSlots.length);
        }
        RuntimeValue[] frame = scope.frame;
        for (int i = 0; i < s.resultSlots.length; i++) frame[s.resultSlots[i]] = results.get(i);
        // values past their last use become garbage now, not when the function returns
        for (int dead : s.dead) frame[dead] = null;
    }

    static boolean isTerminator(String name) {
        return name.equals("func.return") || name.equals("stablehlo.return") || name.equals("return");
    }

    /** The scope of the op being evaluated, for ops whose regions read outer values. */
    private Scope current;

    Scope currentScope() { return current; }

    private static final java.util.Set<String> KNOWN_DIALECTS = java.util.Set.of("stablehlo", "chlo", "interpreter", "check", "sdy", "mhlo", "func");

    /**
     * The evaluator of {@code op}: specialised to its attributes where the op has a preparer, else
     * the registry's; null when none handles the name. A preparer that cannot read the attributes
     * leaves the op to the registry's evaluator, which reports the problem when the op runs.
     */
    static OpEvaluator evaluatorFor(Operation op) {
        OpPreparer p = PREPARERS.get(op.name());
        if (p != null) {
            try {
                return p.prepare(op);
            } catch (RuntimeException e) {
                // malformed attributes: the generic evaluator says so, with the op, if the op ever runs
            }
        }
        return REGISTRY.get(op.name());
    }

    private List<RuntimeValue> evaluate(BlockPlan.Step s, List<RuntimeValue> operands, Scope scope) {
        Operation op = s.op;
        OpEvaluator e = s.evaluator;
        if (e == null) {
            // "unsupported" is for an op this tool knows (verifier or parser) or a generic-form op of a dialect it
            // reads; an op of any other dialect is a mistake in the file (an unknown custom-form op never parses)
            if (!dev.switchyard.hlo.verify.Verifier.models(op.name()) && !dev.switchyard.hlo.ir.HloParser.hasCustomForm(op.name())
                    && !KNOWN_DIALECTS.contains(op.name().substring(0, Math.max(0, op.name().indexOf('.'))))) {
                throw new InterpretException(op, "unknown operation '" + op.name() + "'");
            }
            throw new UnsupportedOpException(op, op.name());
        }
        if (s.budgetAtRun) TensorBudget.checkResults(op);
        Scope saved = current;
        current = scope;
        try {
            return e.evaluate(op, operands, this);
        } catch (InterpretException ex) {
            throw ex;
        } catch (IllegalArgumentException | ArithmeticException | IllegalStateException ex) {
            // kernels reject bad shapes and attributes with plain exceptions: give them the op and location
            throw new InterpretException(op, ex.getMessage() == null ? ex.toString() : ex.getMessage());
        } catch (RuntimeException ex) {
            // anything else is a module the kernels did not expect (e.g. operands that disagree
            // with the attributes); still name the op and where it is
            throw new InterpretException(op, "cannot evaluate (operands do not fit the op?): " + ex);
        } finally {
            current = saved;
        }
    }

    static Tensor tensorOf(RuntimeValue v) {
        if (v instanceof RuntimeValue.OfTensor t) return t.tensor();
        throw new InterpretException("expected a tensor, found " + v);
    }

    static Tensor tensor(Operation op, List<RuntimeValue> operands, int i) {
        if (operands.get(i) instanceof RuntimeValue.OfTensor t) return t.tensor();
        throw new InterpretException(op, "operand " + i + " must be a tensor, found " + operands.get(i));
    }

    static List<RuntimeValue> one(Tensor t) { return List.of(RuntimeValue.of(t)); }

    static List<RuntimeValue> all(List<Tensor> ts) {
        List<RuntimeValue> out = new ArrayList<>(ts.size());
        for (Tensor t : ts) out.add(RuntimeValue.of(t));
        return out;
    }

    static List<Tensor> tensors(Operation op, List<RuntimeValue> operands, int from, int to) {
        List<Tensor> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(tensor(op, operands, i));
        return out;
    }

    /** Checks a computed tensor against the op's declared result type. */
    static Tensor checked(Operation op, int result, Tensor t) {
        return checked(op, result, declaredShape(op, result), t);
    }

    /** The static shape result {@code result} declares, or null (nothing to check). */
    static int[] declaredShape(Operation op, int result) {
        Type declared = op.result(result).type();
        return declared instanceof Type.TensorType tt && tt.hasStaticShape() ? dev.switchyard.runtime.ref.kernel.Shapes.toInts(tt.shape()) : null;
    }

    private static boolean hasShape(Tensor t, int[] shape) {
        if (t.rank() != shape.length) return false;
        for (int i = 0; i < shape.length; i++) if (t.dim(i) != shape[i]) return false;
        return true;
    }

    /** {@link #checked(Operation, int, Tensor)} against a shape read once ({@link #declaredShape}). */
    static Tensor checked(Operation op, int result, int[] declared, Tensor t) {
        if (declared != null && !hasShape(t, declared)) {
            throw new InterpretException(op, "computed " + t + " but the result type is " + op.result(result).type().text());
        }
        return t;
    }
}
