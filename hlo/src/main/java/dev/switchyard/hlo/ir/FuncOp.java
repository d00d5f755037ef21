package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed view of a {@code func.func} op: symbol name, function type, visibility, per-argument and
 * per-result attribute dictionaries ({@code sdy.sharding}, {@code mhlo.sharding}, …) and the body.
 * The op itself stays an ordinary {@link Operation}, so printers and passes need no special case.
 */
public record FuncOp(Operation op) {
    public static final String NAME = "func.func";

    public FuncOp {
        Objects.requireNonNull(op);
        if (!op.name().equals(NAME)) throw new IllegalArgumentException("not a func.func: " + op.name());
    }

    /** A new function with an entry block matching the type's inputs; not yet in a module. */
    public static FuncOp create(String symName, Type.FunctionType type, Location location) {
        Block entry = new Block(type.inputs());
        Operation op = Operation.create(NAME, List.of(), List.of(),
                List.of(new NamedAttribute("sym_name", new Attribute.StringAttr(symName)),
                        new NamedAttribute("function_type", new Attribute.TypeAttr(type))),
                List.of(Region.of(entry)), location);
        return new FuncOp(op);
    }

    public String name() {
        return op.attribute("sym_name") instanceof Optional<Attribute> a && a.isPresent()
                && a.get() instanceof Attribute.StringAttr s ? s.value() : "";
    }

    public Type.FunctionType type() {
        if (op.attribute("function_type").orElse(null) instanceof Attribute.TypeAttr t && t.type() instanceof Type.FunctionType ft) return ft;
        throw new IllegalStateException("func.func without function_type");
    }

    /** {@code public} unless {@code sym_visibility} says otherwise. */
    public String visibility() {
        return op.attribute("sym_visibility").orElse(null) instanceof Attribute.StringAttr s ? s.value() : "public";
    }

    public FuncOp setVisibility(String visibility) {
        if (visibility.equals("public")) op.removeAttribute("sym_visibility");
        else op.setAttribute("sym_visibility", new Attribute.StringAttr(visibility));
        return this;
    }

    public Region bodyRegion() { return op.region(0); }

    public Block body() { return op.region(0).entry(); }

    public List<Value> arguments() { return body().arguments(); }

    public Attribute.DictionaryAttr argumentAttributes(int i) { return perIndex("arg_attrs", i); }

    public Attribute.DictionaryAttr resultAttributes(int i) { return perIndex("res_attrs", i); }

    public FuncOp setArgumentAttribute(int i, String name, Attribute value) {
        setPerIndex("arg_attrs", type().inputs().size(), i, name, value);
        return this;
    }

    public FuncOp setResultAttribute(int i, String name, Attribute value) {
        setPerIndex("res_attrs", type().results().size(), i, name, value);
        return this;
    }

    private Attribute.DictionaryAttr perIndex(String key, int i) {
        if (op.attribute(key).orElse(null) instanceof Attribute.ArrayAttr arr && i < arr.elements().size()
                && arr.elements().get(i) instanceof Attribute.DictionaryAttr d) return d;
        return new Attribute.DictionaryAttr(List.of());
    }

    private void setPerIndex(String key, int count, int i, String name, Attribute value) {
        List<Attribute> dicts = new ArrayList<>();
        for (int k = 0; k < count; k++) dicts.add(perIndex(key, k));
        List<NamedAttribute> entries = new ArrayList<>(((Attribute.DictionaryAttr) dicts.get(i)).entries());
        entries.removeIf(e -> e.name().equals(name));
        entries.add(new NamedAttribute(name, value));
        dicts.set(i, new Attribute.DictionaryAttr(entries));
        op.setAttribute(key, new Attribute.ArrayAttr(dicts));
    }
}
