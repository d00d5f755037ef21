package dev.switchyard.compiler.train;

import dev.switchyard.compiler.CompileException;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.GraphVerifier;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Knowledge distillation as the Switch paper's §5 does it (docs/training.md): the student minimises
 * {@code α · CE(hard labels) + (1 − α) · CE(teacher probabilities)}, the soft term at temperature 1
 * (the paper's) or at T as Hinton, Vinyals &amp; Dean (2015) soften it. This class works on
 * graphs, before the grad pass: {@link #objective} gives the student's forward a
 * {@code teacher_logits} input (an input, so the grad pass does not differentiate it) and the new
 * {@code loss}; {@link #teacherForward} is the teacher's inference forward that the step assembly
 * inlines to feed that input.
 */
public final class Distillation {
    private Distillation() {}

    /** The output both models must have, the student's extra input fed by the teacher, and the soft term's metric. */
    public static final String LOGITS = "logits", TEACHER_LOGITS = "teacher_logits", DISTILL_LOSS = "distill_loss",
            CE_LOSS = "ce_loss";

    /** T5X's default for the hard-label weight (the Switch paper's 0.25). */
    public static final double DEFAULT_ALPHA = 0.25;

    /** The soft term's default temperature: the Switch paper's plain softmax. */
    public static final double DEFAULT_TEMPERATURE = 1;

    /** {@link #objective(ModelGraph, double, double)} at temperature 1. */
    public static ModelGraph objective(ModelGraph student, double alpha) {
        return objective(student, alpha, DEFAULT_TEMPERATURE);
    }

    /**
     * The student's forward with the distillation objective: input {@code teacher_logits} (f32, the
     * logits' dims) added last, {@code loss} replaced by
     * {@code loss + (1 − α) · (distill_loss − hard)} — the same as
     * {@code α · hard + (1 − α) · distill_loss + (loss − hard)}, so a sparse student keeps its
     * auxiliary terms, and exactly {@code loss} at α = 1 — where {@code hard} is the output
     * {@code ce_loss} (or {@code loss} itself when there is none) and {@code distill_loss} is the
     * mean over positions of {@code −Σ_v softmax(teacher)_v · log_softmax(student)_v}, normalised
     * like the prelude's {@code cross_entropy}. {@code distill_loss} is added as an output.
     *
     * <p>At a temperature T ≠ 1 both logits are divided by T first and the mean is multiplied by
     * T² (Hinton et al. 2015, §2): {@code T² · mean(−Σ_v softmax(t/T)_v · log_softmax(s/T)_v)},
     * whose gradient per position, {@code T · (softmax(s/T) − softmax(t/T))}, keeps the soft term's
     * weight against the hard one comparable across temperatures. T = 1 adds no node at all, so
     * its module is the one built without a temperature.
     */
    public static ModelGraph objective(ModelGraph student, double alpha, double temperature) {
        if (!(alpha >= 0 && alpha <= 1)) throw new CompileException("the distillation weight α must be in [0, 1], got " + alpha);
        checkTemperature(temperature);
        TrainStepAssembly.requireLoss(student);
        Output logitsOut = output(student, LOGITS).orElseThrow(() -> new CompileException(
                "distillation needs the student's output 'logits'; " + student.name() + " has " + names(student.outputs())));
        if (student.inputs().stream().anyMatch(in -> in.name().equals(TEACHER_LOGITS))
                || student.outputs().stream().anyMatch(o -> o.name().equals(DISTILL_LOSS))) {
            throw new CompileException(student.name() + " already has an input '" + TEACHER_LOGITS + "' or an output '" + DISTILL_LOSS
                    + "', the names distillation adds");
        }
        TensorType logitsType = student.value(logitsOut.value()).type();
        if (logitsType.rank() == 0 || !logitsType.elem().isFloat()) {
            throw new CompileException(student.name() + "'s 'logits' must be a float tensor whose last dim is the vocabulary; it is " + logitsType);
        }
        String vocab = logitsType.dims().getLast().name();
        Output lossOut = output(student, TrainStep.LOSS).orElseThrow();
        int hard = output(student, CE_LOSS).filter(o -> student.value(o.value()).type().isScalar()).orElse(lossOut).value();
        ElemType lossElem = student.value(lossOut.value()).type().elem();

        GraphBuilder b = GraphBuilder.from(student).at("distillation");
        TensorType f32Logits = logitsType.withElem(ElemType.F32);
        int teacher = b.input(TEACHER_LOGITS, f32Logits);
        int s = logitsType.elem() == ElemType.F32 ? logitsOut.value() : b.node(Primitive.CONVERT, f32Logits, logitsOut.value());
        int t = teacher;
        boolean soften = temperature != DEFAULT_TEMPERATURE;
        if (soften) {
            // a division, not a product with 1/T: s/T is then the correctly rounded quotient
            int tempT = b.constant(temperature, f32Logits);
            s = b.node(Primitive.DIV, s, tempT);
            t = b.node(Primitive.DIV, teacher, tempT);
        }
        int lse = b.node(Primitive.REDUCE_LOGSUMEXP, new Attrs.Reduce(List.of(vocab)), s);
        int p = b.node(Primitive.SOFTMAX, new Attrs.Axis(vocab), f32Logits, t);
        int expected = b.node(Primitive.REDUCE_SUM, new Attrs.Reduce(List.of(vocab)), b.node(Primitive.MUL, p, s));
        // −Σ p·log_softmax(s) = −Σ p·(s − lse) = lse − Σ p·s, since Σ p = 1
        int perPosition = b.node(Primitive.SUB, lse, expected);
        int soft = b.node(Primitive.REDUCE_MEAN, new Attrs.Reduce(b.type(perPosition).dimNames()), perPosition);
        if (soften) soft = b.node(Primitive.MUL, soft, b.constant(temperature * temperature, b.type(soft)));
        TensorType scalar = TensorType.scalar(lossElem);
        int softL = convert(b, soft, scalar), hardL = convert(b, hard, scalar);
        int gap = b.node(Primitive.SUB, softL, hardL);
        int loss = b.node(Primitive.ADD, lossOut.value(), b.node(Primitive.MUL, b.constant(1 - alpha, scalar), gap));
        b.output("distillation/loss", loss).output(DISTILL_LOSS, soft);
        ModelGraph built = b.finish(student);
        // the builder keeps the student's outputs: put the new loss in the old one's place
        List<Output> outs = new ArrayList<>();
        int n = student.outputs().size();
        int newLoss = built.outputs().get(n).value();
        for (int i = 0; i < n; i++) {
            Output o = built.outputs().get(i);
            outs.add(o.name().equals(TrainStep.LOSS) ? new Output(TrainStep.LOSS, newLoss) : o);
        }
        outs.add(built.outputs().get(n + 1));
        return GraphVerifier.verify(new ModelGraph(built.name(), built.mesh(), built.layout(), built.params(), built.inputs(), built.nodes(), outs));
    }

    /**
     * A temperature the soft term can use: positive and finite, with T and T² representable in
     * f32 (the logits' type), neither rounded to 0 nor overflowing.
     */
    public static void checkTemperature(double temperature) {
        float t = (float) temperature, squared = (float) (temperature * temperature);
        if (!(temperature > 0) || !Float.isFinite(t) || t == 0 || !Float.isFinite(squared) || squared == 0) {
            throw new CompileException("the distillation temperature T must be a positive finite number whose T and T² an f32 holds, got "
                    + temperature);
        }
    }

    private static int convert(GraphBuilder b, int v, TensorType to) {
        return b.type(v).equals(to) ? v : b.node(Primitive.CONVERT, to, v);
    }

    /**
     * The teacher's forward as the step runs it: only its {@code logits} output (so the rest is not
     * lowered), after checking that it fits {@code student}: {@code logits} of the same dims, every
     * input the student also takes with the same type (the batch feeds both), and the same mesh axes.
     */
    public static ModelGraph teacherForward(ModelGraph teacher, ModelGraph student) {
        Output t = output(teacher, LOGITS).orElseThrow(() -> new CompileException(
                "distillation needs the teacher's output 'logits'; " + teacher.name() + " has " + names(teacher.outputs())));
        Output s = output(student, LOGITS).orElseThrow(() -> new CompileException(
                "distillation needs the student's output 'logits'; " + student.name() + " has " + names(student.outputs())));
        TensorType tt = teacher.value(t.value()).type(), st = student.value(s.value()).type();
        if (!tt.dims().equals(st.dims()) || !tt.elem().isFloat()) {
            throw new CompileException("the teacher " + teacher.name() + "'s logits are " + tt + " but the student " + student.name()
                    + "'s are " + st + "; distillation needs the same dims (batch, lengths and vocabulary)");
        }
        for (Input in : teacher.inputs()) {
            if (in.name().equals(TrainStepAssembly.TRAINING)) continue;
            Optional<Input> mine = student.inputs().stream().filter(x -> x.name().equals(in.name())).findFirst();
            if (mine.isEmpty() || !mine.get().type().equals(in.type())) {
                throw new CompileException("the teacher " + teacher.name() + " takes input '" + in.name() + "': " + in.type()
                        + " but the student " + student.name() + (mine.isEmpty() ? " has no such input" : " takes " + mine.get().type())
                        + "; both must read the same batch");
            }
        }
        if (!teacher.mesh().axes().equals(student.mesh().axes())) {
            throw new CompileException("the teacher " + teacher.name() + " is on mesh " + teacher.mesh() + " but the student "
                    + student.name() + " on " + student.mesh() + "; distillation compiles one module, on one mesh");
        }
        // the student's mesh object (equal axes), so the teacher's shardings name the module's one mesh
        return new ModelGraph(teacher.name(), student.mesh(), teacher.layout(), teacher.params(), teacher.inputs(), teacher.nodes(),
                List.of(t));
    }

    /**
     * The teacher's non-expert parameters: those with no dim that is an MoE dispatch's experts dim
     * (expert kernels and the router, whose output dim is the experts) — what the paper initialises
     * a student with.
     */
    public static Set<String> nonExpertParameters(ModelGraph teacher) {
        Set<String> expertDims = new TreeSet<>();
        for (Node n : teacher.nodes()) if (n.attrs() instanceof Attrs.Moe m) expertDims.add(m.experts());
        Set<String> out = new TreeSet<>();
        for (Param p : teacher.params()) if (p.type().dimNames().stream().noneMatch(expertDims::contains)) out.add(p.path());
        return out;
    }

    private static Optional<Output> output(ModelGraph g, String name) {
        return g.outputs().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    private static String names(List<Output> outs) {
        return String.join(", ", outs.stream().map(Output::name).toList());
    }
}
