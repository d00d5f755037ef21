package dev.switchyard.dsl.ast;

import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.SwitchyardParser;
import dev.switchyard.dsl.SwitchyardParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns the ANTLR parse tree into the AST. Runs only on trees without syntax errors, but stays
 * defensive: a missing piece (after recovery) never throws, it becomes a harmless default.
 */
public final class AstBuilder {
    private final String file;

    public AstBuilder(String file) { this.file = file; }

    public Program program(ProgramContext ctx) {
        List<Item> items = new ArrayList<>();
        for (ItemContext i : ctx.item()) {
            Item item = item(i);
            if (item != null) items.add(item);
        }
        return new Program(file, items);
    }

    SourceSpan span(ParserRuleContext c) {
        Token a = c.getStart();
        Token b = c.getStop() == null || c.getStop().getTokenIndex() < a.getTokenIndex() ? a : c.getStop();
        return spanOf(a, b);
    }

    SourceSpan span(Token t) { return spanOf(t, t); }

    SourceSpan span(TerminalNode n) { return span(n.getSymbol()); }

    private SourceSpan spanOf(Token a, Token b) {
        String text = b.getText() == null ? "" : b.getText();
        int endLine = b.getLine();
        int endCol = b.getCharPositionInLine() + 1 + text.length();
        int nl = text.lastIndexOf('\n');
        if (nl >= 0) {
            endLine += (int) text.chars().filter(ch -> ch == '\n').count();
            endCol = text.length() - nl;
        }
        return new SourceSpan(file, a.getLine(), a.getCharPositionInLine() + 1, endLine, endCol,
                a.getStartIndex(), b.getStopIndex() + 1);
    }

    private static String text(TerminalNode n) { return n == null ? "_" : n.getText(); }

    private Item item(ItemContext c) {
        return switch (c) {
            case ModelItemContext m -> new Item.Model(text(m.IDENT()), span(m));
            case ImportItemContext m -> new Item.Import(unquote(m.STRING().getText()), span(m));
            case DimItemContext m -> new Item.DimDef(text(m.IDENT()), span(m.IDENT()), expr(m.expr()), span(m));
            case ConstItemContext m -> new Item.ConstDef(text(m.IDENT()), span(m.IDENT()), expr(m.expr()), span(m));
            case MeshItemContext m -> new Item.MeshDef(text(m.IDENT()), span(m.IDENT()),
                    m.meshAxis().stream().map(a -> new Item.MeshAxis(a.name().getText(), span(a.name()), expr(a.expr()))).toList(),
                    span(m));
            case LayoutItemContext m -> new Item.LayoutDef(
                    m.layoutRule().stream().map(r -> new Expr.MapEntry(text(r.IDENT()), span(r.IDENT()), axes(r.axisList()), span(r))).toList(),
                    span(m));
            case PrecisionItemContext m -> new Item.PrecisionDef(text(m.IDENT()), span(m));
            case BlockItemContext m -> new Item.BlockDef(text(m.IDENT()), span(m.IDENT()),
                    m.dimVars() == null ? List.of()
                            : m.dimVars().IDENT().stream().map(i -> new Item.DimVar(i.getText(), span(i))).toList(),
                    m.blockParam().stream().map(this::param).toList(),
                    body(m.body()), span(m));
            default -> null;
        };
    }

    private Item.Param param(BlockParamContext p) {
        return new Item.Param(text(p.IDENT()), span(p.IDENT()),
                Optional.ofNullable(p.typeAnn()).map(this::type), Optional.ofNullable(p.expr()).map(this::expr));
    }

    private List<String> axes(AxisListContext a) {
        return a == null ? List.of() : a.name().stream().map(ParserRuleContext::getText).toList();
    }

    TypeAnn type(TypeAnnContext c) {
        return switch (c) {
            case KindAnnContext k -> new TypeAnn.Kind(k.getText(), span(k));
            case TensorAnnContext t -> new TypeAnn.Tensor(Optional.ofNullable(t.IDENT()).map(TerminalNode::getText),
                    t.patDim().stream().map(d -> new TypeAnn.PatDim(
                            d.IDENT() == null ? Optional.empty() : Optional.of(d.IDENT().getText()), span(d))).toList(),
                    span(t));
            default -> new TypeAnn.Kind("_", span(c));
        };
    }

    private List<Stmt> body(BodyContext b) {
        List<Stmt> out = new ArrayList<>();
        if (b == null) return out;
        for (StmtContext s : b.stmt()) {
            Stmt st = stmt(s);
            if (st != null) out.add(st);
        }
        return out;
    }

    private Stmt stmt(StmtContext c) {
        return switch (c) {
            case LetStmtContext s -> new Stmt.Let(text(s.IDENT()), span(s.IDENT()),
                    Optional.ofNullable(s.typeAnn()).map(this::type), expr(s.expr()), span(s));
            case LetTupleStmtContext s -> new Stmt.LetTuple(s.IDENT().stream().map(TerminalNode::getText).toList(),
                    s.IDENT().stream().map(this::span).toList(), expr(s.expr()), span(s));
            case AssignStmtContext s -> new Stmt.Assign(text(s.IDENT()), span(s.IDENT()), s.op.getText(), expr(s.expr()), span(s));
            case ParamStmtContext s -> new Stmt.ParamDecl(s.SHARED != null, text(s.IDENT()), span(s.IDENT()),
                    type(s.typeAnn()), expr(s.expr()), span(s));
            case DimStmtContext s -> new Stmt.DimDecl(text(s.IDENT()), span(s.IDENT()), expr(s.expr()), span(s));
            case ForStmtContext s -> new Stmt.For(text(s.IDENT()), span(s.IDENT()), expr(s.expr(0)), expr(s.expr(1)),
                    body(s.body()), span(s));
            case IfStmtContext s -> ifStmt(s.ifClause());
            case ReturnStmtContext s -> new Stmt.Return(expr(s.expr()), span(s));
            case PrecisionStmtContext s -> new Stmt.Precision(text(s.IDENT()), span(s));
            case AssertStmtContext s -> new Stmt.Assert(expr(s.expr()),
                    Optional.ofNullable(s.STRING()).map(t -> unquote(t.getText())), span(s));
            default -> null;
        };
    }

    private Stmt.If ifStmt(IfClauseContext c) {
        Optional<List<Stmt>> otherwise = Optional.empty();
        if (c.ifClause() != null) otherwise = Optional.of(List.of(ifStmt(c.ifClause())));
        else if (c.body().size() > 1) otherwise = Optional.of(body(c.body(1)));
        return new Stmt.If(expr(c.expr()), body(c.body(0)), otherwise, span(c));
    }

    Expr expr(ExprContext c) {
        if (c == null) return new Expr.Name("_", SourceSpan.NONE);
        SourceSpan sp = span(c);
        return switch (c) {
            case CondExprContext e -> new Expr.Cond(expr(e.expr(0)), expr(e.expr(1)), expr(e.expr(2)), sp);
            case OrExprContext e -> new Expr.Binary("||", expr(e.expr(0)), expr(e.expr(1)), opSpan(e, 1), sp);
            case AndExprContext e -> new Expr.Binary("&&", expr(e.expr(0)), expr(e.expr(1)), opSpan(e, 1), sp);
            case CmpExprContext e -> new Expr.Binary(e.op.getText(), expr(e.expr(0)), expr(e.expr(1)), span(e.op), sp);
            case AddExprContext e -> new Expr.Binary(e.op.getText(), expr(e.expr(0)), expr(e.expr(1)), span(e.op), sp);
            case MulExprContext e -> new Expr.Binary(e.op.getText(), expr(e.expr(0)), expr(e.expr(1)), span(e.op), sp);
            case UnaryExprContext e -> new Expr.Unary(e.op.getText(), expr(e.expr()), sp);
            case CallExprContext e -> new Expr.Call(e.callee().getText(), span(e.callee()),
                    e.arg().stream().map(a -> new Expr.Arg(Optional.ofNullable(a.name()).map(ParserRuleContext::getText),
                            expr(a.expr()), span(a))).toList(),
                    Optional.ofNullable(e.instanceName()).map(n -> new Expr.InstanceName(text(n.IDENT()),
                            Optional.ofNullable(n.expr()).map(this::expr), span(n))),
                    sp);
            case NameExprContext e -> new Expr.Name(e.getText(), sp);
            case IntExprContext e -> new Expr.IntLit(parseInt(e.getText()), sp);
            case FloatExprContext e -> new Expr.FloatLit(Double.parseDouble(e.getText()), sp);
            case BoolExprContext e -> new Expr.BoolLit(e.getText().equals("true"), sp);
            case StringExprContext e -> new Expr.StringLit(unquote(e.getText()), sp);
            case TupleExprContext e when e.tupleItem().size() == 1 && e.tupleItem(0).name() == null && e.trail == null ->
                    expr(e.tupleItem(0).expr());
            case TupleExprContext e -> new Expr.Tuple(e.tupleItem().stream().map(t -> new Expr.Arg(
                    Optional.ofNullable(t.name()).map(ParserRuleContext::getText), expr(t.expr()), span(t))).toList(), sp);
            case ListExprContext e -> new Expr.ListLit(e.expr().stream().map(this::expr).toList(), sp);
            case MapExprContext e -> new Expr.MapLit(e.mapEntry().stream().map(m -> new Expr.MapEntry(text(m.IDENT()),
                    span(m.IDENT()), axes(m.axisList()), span(m))).toList(), sp);
            default -> new Expr.Name("_", sp);
        };
    }

    private SourceSpan opSpan(ParserRuleContext e, int child) {
        var t = e.getChild(child);
        return t instanceof TerminalNode n ? span(n) : span(e);
    }

    /** Integer literal; values beyond a long saturate (the checker then reports them as too large). */
    static long parseInt(String s) {
        String digits = s.replace("_", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static String unquote(String s) {
        String inner = s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (ch == '\\' && i + 1 < inner.length()) {
                char n = inner.charAt(++i);
                b.append(switch (n) { case 'n' -> '\n'; case 't' -> '\t'; default -> n; });
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
