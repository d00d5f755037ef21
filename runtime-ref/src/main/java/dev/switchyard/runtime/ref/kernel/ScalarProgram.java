package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;

/**
 * A region over scalars compiled to straight-line code on registers: what a reduce body such
 * as argmax's (compare, and/or, select on value/index pairs) becomes, so that a kernel runs it
 * per element on primitives instead of interpreting the region with rank-0 tensors. Register
 * {@code k} holds a value of {@link #type(int)}: a float type's value (already rounded to it) in
 * {@code f[k]}, an integer or i1 value (canonical, as {@link Storage} keeps them) in {@code l[k]}.
 * Registers {@code 0 … arity-1} are the region's arguments. Only real and integer types: complex
 * values have no register form, and a region that needs them is not compiled.
 */
public final class ScalarProgram {
    /** One instruction; {@code dst} and the operands are register numbers. */
    public sealed interface Instr permits Binary, Compare, Select, Not, Constant {}

    /** {@code dst = op(a, b)} in {@code type}, rounded or wrapped to it like the elementwise kernel. */
    public record Binary(Elementwise.Binary op, ElementType type, int dst, int a, int b) implements Instr {}

    /** {@code dst = a dir b} (i1), the operands of {@code type}; {@code unsigned} for integers compared unsigned. */
    public record Compare(Comparison.Direction dir, ElementType type, boolean unsigned, int dst, int a, int b) implements Instr {}

    /** {@code dst = pred ? a : b}. */
    public record Select(int dst, int pred, int a, int b) implements Instr {}

    /** Bitwise not of an integer (logical for i1), wrapped to {@code type}. */
    public record Not(ElementType type, int dst, int a) implements Instr {}

    /** {@code dst = value}: {@code real} for a float type, {@code integer} otherwise. */
    public record Constant(int dst, double real, long integer) implements Instr {}

    private final ElementType[] types;
    private final int arity;
    private final Instr[] code;
    private final int[] results;

    /**
     * @param types   every register's element type, arguments first
     * @param arity   how many leading registers are arguments
     * @param code    the instructions in order
     * @param results the registers the region returns
     */
    public ScalarProgram(List<ElementType> types, int arity, List<Instr> code, int[] results) {
        for (ElementType t : types) {
            if (Storage.of(t) == Storage.COMPLEX) throw new IllegalArgumentException("no scalar register for " + t);
        }
        this.types = types.toArray(ElementType[]::new);
        this.arity = arity;
        this.code = code.toArray(Instr[]::new);
        this.results = results.clone();
    }

    public int registers() { return types.length; }

    public int arity() { return arity; }

    public ElementType type(int register) { return types[register]; }

    public int results() { return results.length; }

    public int result(int k) { return results[k]; }

    /** Runs the code on the registers, whose first {@link #arity()} hold the arguments. */
    public void run(double[] f, long[] l) {
        for (Instr in : code) {
            switch (in) {
                case Binary b -> {
                    ElementType t = b.type();
                    switch (Storage.of(t)) {
                        case FLOAT -> f[b.dst()] = Tensor.roundFloat(t, Elementwise.realBinary(b.op(), f[b.a()], f[b.b()], t));
                        case DOUBLE -> f[b.dst()] = Elementwise.realBinary(b.op(), f[b.a()], f[b.b()], t);
                        case INTEGER -> l[b.dst()] = Tensor.wrap(t, Elementwise.integerBinary(b.op(), l[b.a()], l[b.b()], t));
                        case COMPLEX -> throw new IllegalStateException("complex register"); // refused by the constructor
                    }
                }
                case Compare c -> l[c.dst()] = (Storage.of(c.type()) == Storage.INTEGER
                        ? Comparison.holdsInteger(c.dir(), l[c.a()], l[c.b()], c.unsigned())
                        : Comparison.holdsReal(c.dir(), f[c.a()], f[c.b()])) ? 1 : 0;
                case Select s -> {
                    if (Storage.of(types[s.dst()]) == Storage.INTEGER) l[s.dst()] = l[s.pred()] != 0 ? l[s.a()] : l[s.b()];
                    else f[s.dst()] = l[s.pred()] != 0 ? f[s.a()] : f[s.b()];
                }
                case Not n -> l[n.dst()] = Tensor.wrap(n.type(), ~l[n.a()]);
                case Constant k -> {
                    f[k.dst()] = k.real();
                    l[k.dst()] = k.integer();
                }
            }
        }
    }

    /** Register {@code k} read from element {@code i} of {@code t} (whose type is the register's). */
    static void load(Tensor t, int i, int k, double[] f, long[] l) {
        switch (t.storage()) {
            case FLOAT -> f[k] = t.floats()[i];
            case DOUBLE -> f[k] = t.doubles()[i];
            case INTEGER -> l[k] = t.longs()[i];
            case COMPLEX -> throw new IllegalArgumentException("no scalar register for " + t.type());
        }
    }

    /** Element {@code i} of {@code t} set from register {@code k}. */
    static void store(Tensor t, int i, int k, double[] f, long[] l) {
        switch (t.storage()) {
            case FLOAT -> t.floats()[i] = (float) f[k];
            case DOUBLE -> t.doubles()[i] = f[k];
            case INTEGER -> t.longs()[i] = l[k];
            case COMPLEX -> throw new IllegalArgumentException("no scalar register for " + t.type());
        }
    }
}
