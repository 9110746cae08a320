package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Lexer.Kind;
import dev.ussllab.device.micropython.Lexer.Token;
import dev.ussllab.device.micropython.Node.*;
import java.util.ArrayList;
import java.util.List;

/** The one-line statements: pass, break, return, raise, global, del, assert, import, assignments. */
final class SimpleStatements {

    private SimpleStatements() {}

    static void parse(Parser ps, List<Stmt> out) {
        Token t = ps.peek();
        int line = t.line();
        if (t.kind() == Kind.NAME) {
            switch (t.text()) {
                case "pass" -> { ps.next(); out.add(new Pass(line)); return; }
                case "break" -> { ps.next(); out.add(new Break(line)); return; }
                case "continue" -> { ps.next(); out.add(new Continue(line)); return; }
                case "return" -> {
                    ps.next();
                    out.add(new Return(line, atEnd(ps) ? null : ps.testList()));
                    return;
                }
                case "raise" -> {
                    ps.next();
                    Expr exc = atEnd(ps) ? null : ps.test();
                    Expr cause = ps.accept("from") ? ps.test() : null;
                    out.add(new Raise(line, exc, cause));
                    return;
                }
                case "global" -> {
                    ps.next();
                    List<String> names = new ArrayList<>();
                    do {
                        names.add(ps.name());
                    } while (ps.accept(","));
                    out.add(new Global(line, names));
                    return;
                }
                case "del" -> {
                    ps.next();
                    List<Expr> targets = new ArrayList<>();
                    do {
                        targets.add(ps.target());
                    } while (ps.accept(","));
                    out.add(new Del(line, targets));
                    return;
                }
                case "assert" -> {
                    ps.next();
                    Expr cond = ps.test();
                    out.add(new Assert(line, cond, ps.accept(",") ? ps.test() : null));
                    return;
                }
                case "import" -> {
                    ps.next();
                    List<Alias> names = new ArrayList<>();
                    do {
                        String mod = dotted(ps);
                        names.add(new Alias(mod, ps.accept("as") ? ps.name() : null));
                    } while (ps.accept(","));
                    out.add(new Import(line, names));
                    return;
                }
                case "from" -> {
                    ps.next();
                    if (ps.peek().is(".")) {
                        throw PyException.notInSubset("relative imports", line);
                    }
                    String mod = dotted(ps);
                    ps.expect("import");
                    List<Alias> names = new ArrayList<>();
                    boolean paren = ps.accept("(");
                    if (ps.accept("*")) {
                        names.add(new Alias("*", null));
                    } else {
                        do {
                            if (paren && ps.peek().is(")")) {
                                break;
                            }
                            String n = ps.name();
                            names.add(new Alias(n, ps.accept("as") ? ps.name() : null));
                        } while (ps.accept(","));
                    }
                    if (paren) {
                        ps.expect(")");
                    }
                    out.add(new FromImport(line, mod, names));
                    return;
                }
                default -> { }
            }
        }
        Expr first = ps.testListStar();
        if (ps.peek().kind() == Kind.OP && Parser.AUG_OPS.contains(ps.peek().text())) {
            String op = ps.next().text();
            checkTarget(first, line);
            out.add(new AugAssign(line, first, op.substring(0, op.length() - 1), ps.testList()));
            return;
        }
        if (ps.peek().is(":") ) {
            throw PyException.notInSubset("variable annotations", line);
        }
        if (!ps.peek().is("=")) {
            out.add(new ExprStmt(line, first));
            return;
        }
        List<Expr> targets = new ArrayList<>();
        Expr value = first;
        while (ps.accept("=")) {
            checkTarget(value, line);
            targets.add(value);
            value = ps.testListStar();
        }
        out.add(new Assign(line, targets, value));
    }

    private static boolean atEnd(Parser ps) {
        Token t = ps.peek();
        return t.kind() == Kind.NEWLINE || t.kind() == Kind.EOF || t.is(";");
    }

    private static String dotted(Parser ps) {
        StringBuilder sb = new StringBuilder(ps.name());
        while (ps.accept(".")) {
            sb.append('.').append(ps.name());
        }
        return sb.toString();
    }

    static void checkTarget(Expr e, int line) {
        if (e instanceof Name || e instanceof Attr || e instanceof Index) {
            return; // a plain target
        }
        if (e instanceof Starred s) {
            checkTarget(s.value(), line);
        } else if (e instanceof TupleLit t) {
            t.items().forEach(x -> checkTarget(x, line));
        } else if (e instanceof ListLit l) {
            l.items().forEach(x -> checkTarget(x, line));
        } else {
            throw PyException.syntax("can't assign to expression", line);
        }
    }
}
