package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Lexer.Kind;
import dev.ussllab.device.micropython.Lexer.Token;
import dev.ussllab.device.micropython.Node.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for ussl-lab's MicroPython subset. Constructs outside the subset are
 * refused here with a NotImplementedError naming them, so nothing runs half-understood.
 */
final class Parser {

    /** Keywords the subset does not implement, refused by name. */
    private static final Set<String> NOT_IN_SUBSET = Set.of(
            "yield", "nonlocal", "async", "await");
    private static final Set<String> AUG_OPS = Set.of(
            "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=");
    private static final Set<String> COMPARE_OPS = Set.of("<", ">", "==", "!=", "<=", ">=", "in", "not", "is");

    private final List<Token> toks;
    private int p;

    private Parser(List<Token> toks) {
        this.toks = toks;
    }

    static List<Stmt> parseModule(String src) {
        Parser ps = new Parser(Lexer.tokenize(src));
        List<Stmt> body = new ArrayList<>();
        while (ps.peek().kind() != Kind.EOF) {
            if (ps.peek().kind() == Kind.NEWLINE) {
                ps.p++;
                continue;
            }
            if (ps.peek().kind() == Kind.INDENT) {
                throw PyException.syntax("unexpected indent", ps.peek().line());
            }
            ps.statement(body);
        }
        return body;
    }

    static Expr parseExpression(String src, int line) {
        Parser ps = new Parser(Lexer.tokenize(src));
        Expr e = ps.testList();
        if (ps.peek().kind() != Kind.NEWLINE && ps.peek().kind() != Kind.EOF) {
            throw PyException.syntax("invalid syntax", line);
        }
        return e;
    }

    private Token peek() {
        return toks.get(p);
    }

    private Token next() {
        return toks.get(p++);
    }

    private boolean accept(String op) {
        if (peek().is(op)) {
            p++;
            return true;
        }
        return false;
    }

    private Token expect(String op) {
        if (!peek().is(op)) {
            throw PyException.syntax("invalid syntax", peek().line());
        }
        return next();
    }

    private String name() {
        Token t = next();
        if (t.kind() != Kind.NAME) {
            throw PyException.syntax("invalid syntax", t.line());
        }
        return t.text();
    }

    // ---------------- statements ----------------

    private void statement(List<Stmt> out) {
        Token t = peek();
        if (t.kind() == Kind.NAME && NOT_IN_SUBSET.contains(t.text())) {
            throw PyException.notInSubset("'" + t.text() + "'", t.line());
        }
        if (t.is("@")) {
            throw PyException.notInSubset("decorators", t.line());
        }
        switch (t.kind() == Kind.NAME ? t.text() : "") {
            case "if" -> out.add(ifStmt());
            case "while" -> {
                next();
                Expr cond = test();
                List<Stmt> body = block();
                out.add(new While(t.line(), cond, body, elseBlock()));
            }
            case "for" -> {
                next();
                Expr target = targetList();
                expect("in");
                Expr iter = testList();
                List<Stmt> body = block();
                out.add(new For(t.line(), target, iter, body, elseBlock()));
            }
            case "class" -> {
                next();
                String name = name();
                List<Expr> bases = new ArrayList<>();
                if (accept("(")) {
                    while (!peek().is(")")) {
                        bases.add(test());
                        if (!accept(",")) {
                            break;
                        }
                    }
                    expect(")");
                }
                out.add(new ClassDef(t.line(), name, bases, block()));
            }
            case "def" -> {
                next();
                String name = name();
                expect("(");
                List<Param> params = params(")");
                expect(")");
                if (accept("->")) {
                    test();
                }
                out.add(new Def(t.line(), name, params, block()));
            }
            case "try" -> out.add(tryStmt());
            case "with" -> {
                next();
                Expr ctx = test();
                Expr target = accept("as") ? target() : null;
                if (peek().is(",")) {
                    throw PyException.notInSubset("'with' with several context managers", t.line());
                }
                out.add(new With(t.line(), ctx, target, block()));
            }
            default -> {
                simpleStatement(out);
                while (accept(";")) {
                    if (peek().kind() == Kind.NEWLINE || peek().kind() == Kind.EOF) {
                        break;
                    }
                    simpleStatement(out);
                }
                endOfLine();
            }
        }
    }

    private void endOfLine() {
        Token t = next();
        if (t.kind() != Kind.NEWLINE && t.kind() != Kind.EOF) {
            throw PyException.syntax("invalid syntax", t.line());
        }
        if (t.kind() == Kind.EOF) {
            p--;
        }
    }

    private Stmt ifStmt() {
        Token t = next();
        Expr cond = test();
        List<Stmt> body = block();
        List<Stmt> orElse = List.of();
        if (peek().is("elif")) {
            orElse = List.of(ifStmt());
        } else if (accept("else")) {
            orElse = suite();
        }
        return new If(t.line(), cond, body, orElse);
    }

    private List<Stmt> elseBlock() {
        return accept("else") ? suite() : List.of();
    }

    private List<Stmt> block() {
        return suite();
    }

    /** ":" then either statements on the same line or an indented block. */
    private List<Stmt> suite() {
        expect(":");
        List<Stmt> body = new ArrayList<>();
        if (peek().kind() != Kind.NEWLINE) {
            simpleStatement(body);
            while (accept(";")) {
                if (peek().kind() == Kind.NEWLINE || peek().kind() == Kind.EOF) {
                    break;
                }
                simpleStatement(body);
            }
            endOfLine();
            return body;
        }
        next();
        if (peek().kind() != Kind.INDENT) {
            throw PyException.syntax("expected an indented block", peek().line());
        }
        next();
        while (peek().kind() != Kind.DEDENT && peek().kind() != Kind.EOF) {
            if (peek().kind() == Kind.NEWLINE) {
                next();
                continue;
            }
            statement(body);
        }
        if (peek().kind() == Kind.DEDENT) {
            next();
        }
        return body;
    }

    private Stmt tryStmt() {
        Token t = next();
        List<Stmt> body = suite();
        List<Handler> handlers = new ArrayList<>();
        while (peek().is("except")) {
            next();
            Expr type = null;
            String as = null;
            if (!peek().is(":")) {
                type = test();
                if (accept("as")) {
                    as = name();
                } else if (accept(",")) {
                    throw PyException.syntax("invalid syntax", t.line());
                }
            }
            handlers.add(new Handler(type, as, suite()));
        }
        List<Stmt> orElse = accept("else") ? suite() : List.of();
        List<Stmt> fin = accept("finally") ? suite() : List.of();
        if (handlers.isEmpty() && fin.isEmpty()) {
            throw PyException.syntax("invalid syntax", t.line());
        }
        return new Try(t.line(), body, handlers, orElse, fin);
    }

    private List<Param> params(String end) {
        List<Param> params = new ArrayList<>();
        while (!peek().is(end)) {
            if (accept("**")) {
                params.add(new Param(name(), null, 2));
            } else if (accept("*")) {
                if (peek().is(",")) {
                    throw PyException.notInSubset("keyword-only parameters", peek().line());
                }
                params.add(new Param(name(), null, 1));
            } else {
                String n = name();
                if (!end.equals(":") && accept(":")) {
                    test();
                }
                params.add(new Param(n, accept("=") ? test() : null, 0));
            }
            if (!accept(",")) {
                break;
            }
        }
        return params;
    }

    private void simpleStatement(List<Stmt> out) {
        Token t = peek();
        int line = t.line();
        if (t.kind() == Kind.NAME) {
            switch (t.text()) {
                case "pass" -> { next(); out.add(new Pass(line)); return; }
                case "break" -> { next(); out.add(new Break(line)); return; }
                case "continue" -> { next(); out.add(new Continue(line)); return; }
                case "return" -> {
                    next();
                    out.add(new Return(line, atEnd() ? null : testList()));
                    return;
                }
                case "raise" -> {
                    next();
                    Expr exc = atEnd() ? null : test();
                    Expr cause = accept("from") ? test() : null;
                    out.add(new Raise(line, exc, cause));
                    return;
                }
                case "global" -> {
                    next();
                    List<String> names = new ArrayList<>();
                    do {
                        names.add(name());
                    } while (accept(","));
                    out.add(new Global(line, names));
                    return;
                }
                case "del" -> {
                    next();
                    List<Expr> targets = new ArrayList<>();
                    do {
                        targets.add(target());
                    } while (accept(","));
                    out.add(new Del(line, targets));
                    return;
                }
                case "assert" -> {
                    next();
                    Expr cond = test();
                    out.add(new Assert(line, cond, accept(",") ? test() : null));
                    return;
                }
                case "import" -> {
                    next();
                    List<Alias> names = new ArrayList<>();
                    do {
                        String mod = dotted();
                        names.add(new Alias(mod, accept("as") ? name() : null));
                    } while (accept(","));
                    out.add(new Import(line, names));
                    return;
                }
                case "from" -> {
                    next();
                    if (peek().is(".")) {
                        throw PyException.notInSubset("relative imports", line);
                    }
                    String mod = dotted();
                    expect("import");
                    List<Alias> names = new ArrayList<>();
                    boolean paren = accept("(");
                    if (accept("*")) {
                        names.add(new Alias("*", null));
                    } else {
                        do {
                            if (paren && peek().is(")")) {
                                break;
                            }
                            String n = name();
                            names.add(new Alias(n, accept("as") ? name() : null));
                        } while (accept(","));
                    }
                    if (paren) {
                        expect(")");
                    }
                    out.add(new FromImport(line, mod, names));
                    return;
                }
                default -> { }
            }
        }
        Expr first = testListStar();
        if (peek().kind() == Kind.OP && AUG_OPS.contains(peek().text())) {
            String op = next().text();
            checkTarget(first, line);
            out.add(new AugAssign(line, first, op.substring(0, op.length() - 1), testList()));
            return;
        }
        if (peek().is(":") ) {
            throw PyException.notInSubset("variable annotations", line);
        }
        if (!peek().is("=")) {
            out.add(new ExprStmt(line, first));
            return;
        }
        List<Expr> targets = new ArrayList<>();
        Expr value = first;
        while (accept("=")) {
            checkTarget(value, line);
            targets.add(value);
            value = testListStar();
        }
        out.add(new Assign(line, targets, value));
    }

    private boolean atEnd() {
        Token t = peek();
        return t.kind() == Kind.NEWLINE || t.kind() == Kind.EOF || t.is(";");
    }

    private String dotted() {
        StringBuilder sb = new StringBuilder(name());
        while (accept(".")) {
            sb.append('.').append(name());
        }
        return sb.toString();
    }

    private static void checkTarget(Expr e, int line) {
        if (e instanceof Name n) { } else if (e instanceof Attr a) { } else if (e instanceof Index i) { } else if (e instanceof Starred s) { checkTarget(s.value(), line); } else if (e instanceof TupleLit t) { t.items().forEach(x -> checkTarget(x, line)); } else if (e instanceof ListLit l) { l.items().forEach(x -> checkTarget(x, line)); } else { throw PyException.syntax("can't assign to expression", line); }
    }

    // ---------------- expressions ----------------

    private Expr target() {
        return ExprParser.of(this).orExpr();
    }

    /** for-loop targets: a, b in ... */
    private Expr targetList() {
        Expr first = target();
        if (!peek().is(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (accept(",")) {
            if (peek().is("in")) {
                break;
            }
            items.add(target());
        }
        return new TupleLit(items);
    }

    Expr test() {
        return ExprParser.of(this).test();
    }

    Expr testList() {
        return ExprParser.of(this).testList(false);
    }

    private Expr testListStar() {
        return ExprParser.of(this).testList(true);
    }

    // shared with ExprParser
    Token peekTok() {
        return peek();
    }

    Token nextTok() {
        return next();
    }

    boolean acceptOp(String op) {
        return accept(op);
    }

    Token expectOp(String op) {
        return expect(op);
    }

    String nameTok() {
        return name();
    }

    List<Param> paramList(String end) {
        return params(end);
    }

    static boolean isCompareOp(Token t) {
        return t.kind() != Kind.STR && COMPARE_OPS.contains(t.text())
                && (t.kind() == Kind.OP || t.kind() == Kind.NAME);
    }
}
