package dev.switchyard.runtime.ref.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The shifted run loops of {@link Elementwise} (an operand read at another offset than the result
 * is written: a broadcast run that is a slice of its source) on {@code jdk.incubator.vector}, which
 * C2 does not vectorise from the plain loops. Each does the whole vectors of [from, to) and returns
 * where it stopped; the plain loop does the rest. Lane-wise IEEE +, −, ×, ÷ and {@code Math.max/min}
 * semantics: the plain loop's values. Used only when the module is present ({@link Elementwise}).
 */
final class VectorRuns {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorRuns() {}

    /** {@code o[i] = a[i + as] op b[i + bs]}. */
    static int shifted(Elementwise.Binary op, float[] a, int as, float[] b, int bs, float[] o, int from, int to) {
        int w = F.length(), i = from, end = from + (to - from) / w * w;
        switch (op) {
            case ADD -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).add(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case SUBTRACT -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).sub(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case MULTIPLY -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).mul(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case DIVIDE -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).div(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case MAXIMUM -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).max(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case MINIMUM -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).min(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL -> { return from; }
        }
        return i;
    }

    /** {@code o[i] = a op b[i + bs]}. */
    static int scalarShifted(Elementwise.Binary op, float a, float[] b, int bs, float[] o, int from, int to) {
        int w = F.length(), i = from, end = from + (to - from) / w * w;
        FloatVector va = FloatVector.broadcast(F, a);
        switch (op) {
            case ADD -> { for (; i < end; i += w) va.add(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case SUBTRACT -> { for (; i < end; i += w) va.sub(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case MULTIPLY -> { for (; i < end; i += w) va.mul(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case DIVIDE -> { for (; i < end; i += w) va.div(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case MAXIMUM -> { for (; i < end; i += w) va.max(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case MINIMUM -> { for (; i < end; i += w) va.min(FloatVector.fromArray(F, b, i + bs)).intoArray(o, i); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL -> { return from; }
        }
        return i;
    }

    /** {@code o[i] = a[i + as] op b}. */
    static int shiftedScalar(Elementwise.Binary op, float[] a, int as, float b, float[] o, int from, int to) {
        int w = F.length(), i = from, end = from + (to - from) / w * w;
        FloatVector vb = FloatVector.broadcast(F, b);
        switch (op) {
            case ADD -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).add(vb).intoArray(o, i); }
            case SUBTRACT -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).sub(vb).intoArray(o, i); }
            case MULTIPLY -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).mul(vb).intoArray(o, i); }
            case DIVIDE -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).div(vb).intoArray(o, i); }
            case MAXIMUM -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).max(vb).intoArray(o, i); }
            case MINIMUM -> { for (; i < end; i += w) FloatVector.fromArray(F, a, i + as).min(vb).intoArray(o, i); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL -> { return from; }
        }
        return i;
    }
}
