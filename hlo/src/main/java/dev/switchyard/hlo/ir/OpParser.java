package dev.switchyard.hlo.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses MLIR text into a {@link ModuleOp}: generic ops, the pretty syntax of the ops in
 * {@link PrettySyntax}, regions, blocks, SSA names and their scopes. Nesting is bounded
 * ({@link Cursor#MAX_DEPTH}) so hostile input gives a located error, never a stack overflow.
 */
final class OpParser {
    final Cursor c;
    final AttrTypeParser at;
    private final Deque<Map<String, List<Value>>> scopes = new ArrayDeque<>();

    OpParser(Cursor c) {
        this.c = c;
        this.at = new AttrTypeParser(c);
    }

    // ===== module =================================================================================

    ModuleOp module() {
        ModuleOp m = new ModuleOp();
        scopes.push(new HashMap<>());
        boolean sawExplicitModule = false;
        while (!c.atEnd()) {
            char ch = c.peek();
            if ((ch == '#' || ch == '!') && isAliasDefinition()) {
                aliasDefinition();
                continue;
            }
            if (c.atKeyword("module")) {
                if (sawExplicitModule || !m.operations().isEmpty()) throw c.error(c.pos, "only one top-level 'module' is supported");
                c.keyword("module");
                explicitModule(m);
                sawExplicitModule = true;
                continue;
            }
            if (sawExplicitModule) throw c.expected("end of input after 'module'");
            Operation op = operation();
            if (op.name().equals("builtin.module") && m.operations().isEmpty() && op.numOperands() == 0 && op.numResults() == 0
                    && op.regions().size() == 1 && op.region(0).blocks().size() == 1) {
                adoptGenericModule(m, op);
                sawExplicitModule = true;
                continue;
            }
            m.body().append(op);
        }
        scopes.pop();
        return m;
    }

    private boolean isAliasDefinition() {
        int save = c.pos;
        try {
            c.pos++;
            if (c.pos >= c.end || !(Cursor.isIdStart(c.text.charAt(c.pos)))) return false;
            c.suffixId("alias");
            return c.tryPunct("=");
        } catch (Cursor.Failure f) {
            return false;
        } finally {
            c.pos = save;
        }
    }

    private void aliasDefinition() {
        c.skipWs();
        boolean isAttr = c.text.charAt(c.pos) == '#';
        int start = c.pos;
        c.pos++;
        String name = c.suffixId("alias name");
        c.punct("=");
        if (isAttr) {
            if (at.attributeAliases.containsKey(name)) throw c.error(start, "redefinition of attribute alias '#" + name + "'");
            at.attributeAliases.put(name, at.attribute());
        } else {
            if (at.typeAliases.containsKey(name)) throw c.error(start, "redefinition of type alias '!" + name + "'");
            at.typeAliases.put(name, at.type());
        }
    }

    private void explicitModule(ModuleOp m) {
        m.setExplicit(true);
        c.skipWs();
        if (c.peek() == '@') {
            c.pos++;
            m.setName(c.symbolName());
        }
        if (c.tryKeyword("attributes")) {
            for (NamedAttribute a : at.dictionary()) m.setAttribute(a.name(), a.value());
        }
        c.punct("{");
        c.enter();
        scopes.push(new HashMap<>());
        while (!c.tryPunct("}")) {
            if (c.atEnd()) throw c.expected("'}' to close module");
            m.body().append(operation());
        }
        scopes.pop();
        c.leave();
        at.skipOptionalLocation();
    }

    private void adoptGenericModule(ModuleOp m, Operation op) {
        m.setExplicit(true);
        for (NamedAttribute a : op.attributes()) {
            if (a.name().equals("sym_name") && a.value() instanceof Attribute.StringAttr s) m.setName(s.value());
            else m.setAttribute(a.name(), a.value());
        }
        Block b = op.region(0).entry();
        for (Operation inner : new ArrayList<>(b.operations())) {
            b.remove(inner);
            m.body().append(inner);
        }
    }

    // ===== ops ====================================================================================

    Operation operation() {
        c.skipWs();
        int opStart = c.pos;
        List<String> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Integer> nameOffsets = new ArrayList<>();
        if (c.peek() == '%') {
            do {
                c.skipWs();
                if (c.peek() != '%') throw c.expected("result name");
                nameOffsets.add(c.pos);
                c.pos++;
                names.add(c.suffixId("result name"));
                int n = 1;
                if (c.pos < c.end && c.text.charAt(c.pos) == ':') {
                    c.pos++;
                    long k = c.integer("result count");
                    if (k < 1 || k > 100_000) throw c.error(c.pos, "bad result count " + k);
                    n = (int) k;
                }
                counts.add(n);
            } while (c.tryPunct(","));
            c.punct("=");
        }
        c.skipWs();
        int nameAt = c.pos;
        Location loc = c.location(nameAt);
        List<String> flatNames = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (counts.get(i) == 1) flatNames.add(names.get(i));
            else for (int k = 0; k < counts.get(i); k++) flatNames.add(names.get(i) + "#" + k);
        }
        OpSyntax.State st;
        if (c.peek() == '"') {
            String name = c.string();
            st = new OpSyntax.State(name, flatNames);
            genericBody(st);
        } else {
            String name = c.tryBareId();
            if (name == null) throw c.expected("operation name");
            name = qualify(name);
            OpSyntax syntax = PrettySyntax.forName(name);
            if (syntax == null) {
                throw c.error(nameAt, "unknown operation '" + name + "' in custom form; write it in generic form (\"" + name + "\"(...))");
            }
            st = new OpSyntax.State(name, flatNames);
            syntax.parse(this, st);
        }
        at.skipOptionalLocation();
        if (st.resultTypes == null) throw new IllegalStateException("syntax of " + st.name + " set no result types");
        int declared = flatNames.size();
        if (declared != st.resultTypes.size()) {
            throw c.error(declared == 0 ? nameAt : opStart, "operation '" + st.name + "' defines " + st.resultTypes.size()
                    + " results but " + declared + " names were given");
        }
        Operation op = Operation.create(st.name, st.operands, st.resultTypes, st.attributes, st.regions, loc);
        int r = 0;
        for (int i = 0; i < names.size(); i++) {
            List<Value> group = op.results().subList(r, r + counts.get(i));
            define(names.get(i), group, nameOffsets.get(i));
            r += counts.get(i);
        }
        return op;
    }

    /** Resolves default-dialect spellings: {@code return} and {@code call} inside {@code func.func}. */
    private String qualify(String name) {
        if (name.indexOf('.') >= 0) return name;
        return switch (name) {
            case "return", "call", "func" -> "func." + name;
            default -> name;
        };
    }

    /** {@code (operands) [<{props}>] [(regions)] [{attrs}] : (types) -> results}. */
    private void genericBody(OpSyntax.State st) {
        c.punct("(");
        List<Integer> operandAt = new ArrayList<>();
        if (!c.tryPunct(")")) {
            do {
                c.skipWs();
                operandAt.add(c.pos);
                st.operands.add(valueUse());
            } while (c.tryPunct(","));
            c.punct(")");
        }
        if (c.peek() == '[') throw c.error(c.pos, "block successors are not supported");
        if (c.peek() == '<') {
            c.punct("<");
            st.attributes.addAll(at.dictionary());
            c.punct(">");
        }
        if (c.peek() == '(') {
            c.punct("(");
            do st.regions.add(region(null)); while (c.tryPunct(","));
            c.punct(")");
        }
        if (c.peek() == '{') {
            int dictAt = c.pos;
            for (NamedAttribute a : at.dictionary()) {
                for (NamedAttribute e : st.attributes) {
                    if (e.name().equals(a.name())) throw c.error(dictAt, "attribute '" + a.name() + "' given twice");
                }
                st.attributes.add(a);
            }
        }
        c.punct(":");
        int typeAt = c.pos;
        Type t = at.type();
        if (!(t instanceof Type.FunctionType ft)) throw c.error(typeAt, "expected function type, found " + t.text());
        checkOperandTypes(st.operands, operandAt, ft.inputs(), typeAt);
        st.resultTypes = ft.results();
    }

    /** Checks that a type signature matches operands already resolved (they carry their types). */
    void checkOperandTypes(List<Value> operands, List<Integer> offsets, List<Type> types, int typeAt) {
        if (operands.size() != types.size()) {
            throw c.error(typeAt, operands.size() + " operands present, but expected " + types.size());
        }
        for (int i = 0; i < types.size(); i++) {
            if (!operands.get(i).type().equals(types.get(i))) {
                throw c.error(offsets.isEmpty() ? typeAt : offsets.get(i), "use of value expects different type than prior uses: '"
                        + types.get(i).text() + "' vs '" + operands.get(i).type().text() + "'");
            }
        }
    }

    // ===== regions ================================================================================

    /**
     * A region in braces. {@code entryArgs} are names and types the op syntax declared for the entry
     * block (while, reduce), or null when the region's own block header gives them.
     */
    Region region(List<Arg> entryArgs) {
        c.punct("{");
        c.enter();
        scopes.push(new HashMap<>());
        try {
            Region r = new Region();
            if (c.tryPunct("}")) {
                if (entryArgs != null) r.addBlock(blockWithArgs(entryArgs));
                return r;
            }
            Block block;
            if (c.peek() == '^') {
                if (entryArgs != null) throw c.error(c.pos, "entry block arguments were already given by the op");
                block = blockHeader();
            } else {
                block = entryArgs != null ? blockWithArgs(entryArgs) : new Block();
            }
            r.addBlock(block);
            while (true) {
                char ch = c.peek();
                if (ch == '}') {
                    c.pos++;
                    return r;
                }
                if (ch == 0) throw c.expected("'}' to close region");
                if (ch == '^') {
                    block = blockHeader();
                    r.addBlock(block);
                    continue;
                }
                block.append(operation());
            }
        } finally {
            scopes.pop();
            c.leave();
        }
    }

    /** A name (without '%'), type and source offset of a block argument. */
    record Arg(String name, Type type, int offset) {}

    private Block blockWithArgs(List<Arg> args) {
        Block b = new Block();
        for (Arg a : args) {
            Value v = b.addArgument(a.type());
            define(a.name(), List.of(v), a.offset());
        }
        return b;
    }

    private Block blockHeader() {
        c.skipWs();
        c.pos++; // '^'
        c.suffixId("block name");
        List<Arg> args = new ArrayList<>();
        if (c.tryPunct("(")) {
            if (!c.tryPunct(")")) {
                do args.add(argDecl()); while (c.tryPunct(","));
                c.punct(")");
            }
        }
        c.punct(":");
        return blockWithArgs(args);
    }

    /** {@code %name: type} with an optional trailing {@code loc(...)}. */
    Arg argDecl() {
        c.skipWs();
        if (c.peek() != '%') throw c.expected("argument name");
        int off = c.pos;
        c.pos++;
        String name = c.suffixId("argument name");
        c.punct(":");
        Type t = at.type();
        at.skipOptionalLocation();
        return new Arg(name, t, off);
    }

    // ===== values =================================================================================

    private void define(String name, List<Value> values, int offset) {
        for (Map<String, List<Value>> scope : scopes) {
            if (scope.containsKey(name)) throw c.error(offset, "redefinition of SSA value '%" + name + "'");
        }
        scopes.peek().put(name, values);
        if (!ValueNames.isNamedHint(name)) return;
        if (values.size() == 1) values.get(0).setNameHint(name);
    }

    boolean atValue() { return c.peek() == '%'; }

    /** {@code %name} or {@code %name#index}, resolved to a defined value. */
    Value valueUse() {
        c.skipWs();
        int start = c.pos;
        if (c.peek() != '%') throw c.expected("SSA value");
        c.pos++;
        String name = c.suffixId("value name");
        int index = 0;
        if (c.pos < c.end && c.text.charAt(c.pos) == '#') {
            c.pos++;
            long k = c.integer("result number");
            if (k < 0 || k > Integer.MAX_VALUE) throw c.error(start, "bad result number");
            index = (int) k;
        }
        for (Map<String, List<Value>> scope : scopes) {
            List<Value> group = scope.get(name);
            if (group != null) {
                if (index >= group.size()) throw c.error(start, "result number " + index + " out of range for '%" + name + "'");
                return group.get(index);
            }
        }
        throw c.error(start, "use of undeclared SSA value '%" + name + "'");
    }

    /** Comma-separated value uses; stops before a comma not followed by '%'. Empty if no '%' is next. */
    List<Value> valueList() {
        List<Value> vs = new ArrayList<>();
        if (!atValue()) return vs;
        vs.add(valueUse());
        while (true) {
            int save = c.pos;
            if (c.tryPunct(",") && atValue()) {
                vs.add(valueUse());
            } else {
                c.pos = save;
                return vs;
            }
        }
    }
}
