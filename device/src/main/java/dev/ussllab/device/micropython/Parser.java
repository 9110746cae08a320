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
    static final Set<String> AUG_OPS = Set.of(
            "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=");
    private static final Set<String> COMPARE_OPS = Set.of("<", ">", "==", "!=", "<=", ">=", "in", "not", "is");

    /**
     * How deep brackets, unary operators and blocks may nest. The parser is recursive; this keeps
     * a pathological program an error instead of a Java stack overflow (CPython allows 200 too).
     */
    static final int MAX_NESTING = 200;

    private final List<Token> toks;
    private int p;
    private int nesting;

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

    Token peek() {
        return toks.get(p);
    }

    Token next() {
        return toks.get(p++);
    }

    boolean accept(String op) {
        if (peek().is(op)) {
            p++;
            return true;
        }
        return false;
    }

    Token expect(String op) {
        if (!peek().is(op)) {
            throw PyException.syntax("invalid syntax", peek().line());
        }
        return next();
    }

    String name() {
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
        enter();
        try {
            return suiteBody();
        } finally {
            leave();
        }
    }

    private List<Stmt> suiteBody() {
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
        SimpleStatements.parse(this, out);
    }

    // ---------------- expressions ----------------

    Expr target() {
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

    Expr testListStar() {
        return ExprParser.of(this).testList(true);
    }

    /** Enters one level of nesting; refused past {@link #MAX_NESTING}. */
    void enter() {
        if (++nesting > MAX_NESTING) {
            throw PyException.notInSubset("nesting deeper than " + MAX_NESTING + " levels", peek().line());
        }
    }

    void leave() {
        nesting--;
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
