package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code func.func private @f(%arg0: tensor<f32> {sdy.sharding = ...}) -> (tensor<f32> {...}) attributes {...} {...}}:
 * the signature names the entry block's arguments and carries per-argument/result attributes.
 */
final class FuncSyntax implements OpSyntax {
    private static final Set<String> ELIDED = Set.of("sym_name", "function_type", "sym_visibility", "arg_attrs", "res_attrs");

    @Override
    public boolean canPrint(Operation op) {
        if (op.numOperands() != 0 || op.numResults() != 0 || op.regions().size() != 1) return false;
        if (!(op.attribute("sym_name").orElse(null) instanceof Attribute.StringAttr)) return false;
        if (!(op.attribute("function_type").orElse(null) instanceof Attribute.TypeAttr t) || !(t.type() instanceof Type.FunctionType ft)) return false;
        if (op.attribute("sym_visibility").isPresent() && !(op.attribute("sym_visibility").get() instanceof Attribute.StringAttr v
                && Set.of("public", "private", "nested").contains(v.value()))) return false;
        if (!perIndexFits(op, "arg_attrs", ft.inputs().size()) || !perIndexFits(op, "res_attrs", ft.results().size())) return false;
        Region body = op.region(0);
        if (body.isEmpty()) return true;
        List<Type> argTypes = new ArrayList<>();
        for (Value a : body.entry().arguments()) argTypes.add(a.type());
        return argTypes.equals(ft.inputs());
    }

    /** Present only as an array of {@code n} dictionaries, not all empty (MLIR drops all-empty ones). */
    private static boolean perIndexFits(Operation op, String key, int n) {
        if (op.attribute(key).isEmpty()) return true;
        if (!(op.attribute(key).get() instanceof Attribute.ArrayAttr arr) || arr.elements().size() != n) return false;
        boolean anyNonEmpty = false;
        for (Attribute a : arr.elements()) {
            if (!(a instanceof Attribute.DictionaryAttr d)) return false;
            anyNonEmpty |= !d.entries().isEmpty();
        }
        return anyNonEmpty;
    }

    @Override
    public void print(Operation op, AsmPrinter p) {
        FuncOp f = new FuncOp(op);
        Type.FunctionType ft = f.type();
        p.text(" ");
        op.attribute("sym_visibility").ifPresent(v -> p.text(((Attribute.StringAttr) v).value() + " "));
        p.symbol(f.name());
        p.text("(");
        Region body = op.region(0);
        for (int i = 0; i < ft.inputs().size(); i++) {
            if (i > 0) p.text(", ");
            if (!body.isEmpty()) {
                p.value(body.entry().argument(i));
                p.text(": ");
            }
            p.type(ft.inputs().get(i));
            dict(p, f.argumentAttributes(i));
        }
        p.text(")");
        List<Type> rs = ft.results();
        boolean anyResultAttrs = op.attribute("res_attrs").isPresent();
        if (!rs.isEmpty()) {
            p.text(" -> ");
            boolean parens = rs.size() > 1 || anyResultAttrs || rs.get(0) instanceof Type.FunctionType;
            if (parens) p.text("(");
            for (int i = 0; i < rs.size(); i++) {
                if (i > 0) p.text(", ");
                p.type(rs.get(i));
                dict(p, f.resultAttributes(i));
            }
            if (parens) p.text(")");
        }
        p.attrDictWithKeyword(op.attributes(), ELIDED);
        if (!body.isEmpty()) {
            p.text(" ");
            p.region(body, false);
        }
    }

    private static void dict(AsmPrinter p, Attribute.DictionaryAttr d) {
        if (d.entries().isEmpty()) return;
        p.text(" ");
        p.attr(d);
    }

    @Override
    public void parse(OpParser p, State st) {
        Cursor c = p.c;
        String visibility = null;
        for (String v : List.of("private", "public", "nested")) {
            if (c.tryKeyword(v)) visibility = v;
        }
        c.skipWs();
        if (c.peek() != '@') throw c.expected("function name");
        c.pos++;
        String name = c.symbolName();
        c.punct("(");
        List<OpParser.Arg> args = new ArrayList<>();
        List<Type> inputs = new ArrayList<>();
        List<Attribute> argDicts = new ArrayList<>();
        boolean named = false;
        if (!c.tryPunct(")")) {
            do {
                if (p.atValue()) {
                    if (!inputs.isEmpty() && !named) throw c.expected("type");
                    named = true;
                    OpParser.Arg a = p.argDecl();
                    args.add(a);
                    inputs.add(a.type());
                } else {
                    if (named) throw c.expected("argument name");
                    inputs.add(p.at.type());
                }
                argDicts.add(c.peek() == '{' ? new Attribute.DictionaryAttr(p.at.dictionary()) : new Attribute.DictionaryAttr(List.of()));
                p.at.skipOptionalLocation();
            } while (c.tryPunct(","));
            c.punct(")");
        }
        List<Type> results = new ArrayList<>();
        List<Attribute> resDicts = new ArrayList<>();
        if (c.tryPunct("->")) {
            if (c.tryPunct("(")) {
                if (!c.tryPunct(")")) {
                    do {
                        results.add(p.at.type());
                        resDicts.add(c.peek() == '{' ? new Attribute.DictionaryAttr(p.at.dictionary()) : new Attribute.DictionaryAttr(List.of()));
                    } while (c.tryPunct(","));
                    c.punct(")");
                }
            } else {
                results.add(p.at.type());
                resDicts.add(new Attribute.DictionaryAttr(List.of()));
            }
        }
        st.attr("sym_name", new Attribute.StringAttr(name));
        st.attr("function_type", new Attribute.TypeAttr(new Type.FunctionType(inputs, results)));
        if (visibility != null) st.attr("sym_visibility", new Attribute.StringAttr(visibility));
        if (argDicts.stream().anyMatch(d -> !((Attribute.DictionaryAttr) d).entries().isEmpty())) st.attr("arg_attrs", new Attribute.ArrayAttr(argDicts));
        if (resDicts.stream().anyMatch(d -> !((Attribute.DictionaryAttr) d).entries().isEmpty())) st.attr("res_attrs", new Attribute.ArrayAttr(resDicts));
        if (c.tryKeyword("attributes")) {
            int at = c.pos;
            for (NamedAttribute a : p.at.dictionary()) {
                if (ELIDED.contains(a.name())) throw c.error(at, "attribute '" + a.name() + "' is given by the function signature");
                st.attributes.add(a);
            }
        }
        if (c.peek() == '{') {
            if (!named && !inputs.isEmpty()) throw c.error(c.pos, "a function with a body needs named arguments");
            st.regions.add(p.region(args));
        } else {
            st.regions.add(new Region());
        }
        st.resultTypes = List.of();
    }
}
