package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Lexer.Kind;
import dev.ussllab.device.micropython.Lexer.Token;
import dev.ussllab.device.micropython.Node.*;
import java.util.ArrayList;
import java.util.List;

/** The expression half of the parser, by Python's precedence levels (lowest first). */
final class ExprParser {

    private final Parser ps;

    private ExprParser(Parser ps) {
        this.ps = ps;
    }

    static ExprParser of(Parser ps) {
        return new ExprParser(ps);
    }

    private Token peek() {
        return ps.peekTok();
    }

    private boolean accept(String op) {
        return ps.acceptOp(op);
    }

    Expr testList(boolean allowStar) {
        Expr first = starOrTest(allowStar);
        if (!peek().is(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (accept(",")) {
            if (!startsExpr(peek())) {
                break;
            }
            items.add(starOrTest(allowStar));
        }
        return new TupleLit(items);
    }

    private Expr starOrTest(boolean allowStar) {
        if (allowStar && accept("*")) {
            return new Starred(orExpr());
        }
        return test();
    }

    private static boolean startsExpr(Token t) {
        if (t.kind() == Kind.NEWLINE || t.kind() == Kind.EOF || t.kind() == Kind.INDENT
                || t.kind() == Kind.DEDENT) {
            return false;
        }
        if (t.kind() == Kind.OP) {
            return "([{-+~*".contains(t.text()) && t.text().length() == 1 || t.text().equals("...");
        }
        return !(t.kind() == Kind.NAME && (t.text().equals("in") || t.text().equals("for")));
    }

    Expr test() {
        if (peek().is("lambda")) {
            ps.nextTok();
            List<Param> params = ps.paramList(":");
            ps.expectOp(":");
            return new Lambda(params, test());
        }
        Expr e = orTest();
        if (peek().is(":=")) {
            throw PyException.notInSubset("':=' (assignment expressions)", peek().line());
        }
        if (peek().is("if")) {
            ps.nextTok();
            Expr cond = orTest();
            ps.expectOp("else");
            return new IfExp(cond, e, test());
        }
        return e;
    }

    private Expr testNoCond() {
        return orTest();
    }

    private Expr orTest() {
        Expr e = andTest();
        while (accept("or")) {
            e = new BoolOp("or", e, andTest());
        }
        return e;
    }

    private Expr andTest() {
        Expr e = notTest();
        while (accept("and")) {
            e = new BoolOp("and", e, notTest());
        }
        return e;
    }

    private Expr notTest() {
        if (accept("not")) {
            ps.enter();
            try {
                return new Unary("not", notTest());
            } finally {
                ps.leave();
            }
        }
        return comparison();
    }

    private Expr comparison() {
        Expr first = orExpr();
        List<String> ops = new ArrayList<>();
        List<Expr> operands = new ArrayList<>(List.of(first));
        while (Parser.isCompareOp(peek())) {
            String op = ps.nextTok().text();
            if (op.equals("not")) {
                ps.expectOp("in");
                op = "not in";
            } else if (op.equals("is") && accept("not")) {
                op = "is not";
            }
            ops.add(op);
            operands.add(orExpr());
        }
        return ops.isEmpty() ? first : new Compare(ops, operands);
    }

    Expr orExpr() {
        Expr e = xorExpr();
        while (accept("|")) {
            e = new BinOp("|", e, xorExpr());
        }
        return e;
    }

    private Expr xorExpr() {
        Expr e = andExpr();
        while (accept("^")) {
            e = new BinOp("^", e, andExpr());
        }
        return e;
    }

    private Expr andExpr() {
        Expr e = shift();
        while (accept("&")) {
            e = new BinOp("&", e, shift());
        }
        return e;
    }

    private Expr shift() {
        Expr e = arith();
        while (peek().is("<<") || peek().is(">>")) {
            e = new BinOp(ps.nextTok().text(), e, arith());
        }
        return e;
    }

    private Expr arith() {
        Expr e = term();
        while (peek().is("+") || peek().is("-")) {
            e = new BinOp(ps.nextTok().text(), e, term());
        }
        return e;
    }

    private Expr term() {
        Expr e = factor();
        while (peek().is("*") || peek().is("/") || peek().is("//") || peek().is("%") || peek().is("@")) {
            String op = ps.nextTok().text();
            if (op.equals("@")) {
                throw PyException.notInSubset("the '@' operator", peek().line());
            }
            e = new BinOp(op, e, factor());
        }
        return e;
    }

    private Expr factor() {
        if (peek().is("-") || peek().is("+") || peek().is("~")) {
            String op = ps.nextTok().text();
            ps.enter();
            Expr operand;
            try {
                operand = factor();
            } finally {
                ps.leave();
            }
            if (op.equals("-") && operand instanceof Const c && c.value() instanceof Long v) {
                return new Const(-v);
            }
            return new Unary(op, operand);
        }
        return power();
    }

    private Expr power() {
        Expr e = atom();
        while (true) {
            if (accept(".")) {
                e = new Attr(e, ps.nameTok());
            } else if (accept("(")) {
                e = call(e);
            } else if (accept("[")) {
                e = new Index(e, subscript());
                ps.expectOp("]");
            } else {
                break;
            }
        }
        if (accept("**")) {
            return new BinOp("**", e, factor());
        }
        return e;
    }

    private Expr subscript() {
        List<Expr> items = new ArrayList<>();
        do {
            if (peek().is("]")) {
                break;
            }
            items.add(sliceItem());
        } while (accept(","));
        return items.size() == 1 ? items.get(0) : new TupleLit(items);
    }

    private Expr sliceItem() {
        Expr lo = peek().is(":") ? null : test();
        if (!accept(":")) {
            return lo;
        }
        Expr hi = peek().is(":") || peek().is("]") || peek().is(",") ? null : test();
        Expr step = null;
        if (accept(":")) {
            step = peek().is("]") || peek().is(",") ? null : test();
        }
        return new Slice(lo, hi, step);
    }

    private Expr call(Expr fn) {
        List<Expr> args = new ArrayList<>();
        List<Keyword> kwargs = new ArrayList<>();
        Expr starArgs = null;
        Expr starKw = null;
        while (!peek().is(")")) {
            if (accept("**")) {
                starKw = test();
            } else if (accept("*")) {
                starArgs = test();
            } else {
                Token t = peek();
                Expr e = test();
                if (t.kind() == Kind.NAME && e instanceof Name n && accept("=")) {
                    kwargs.add(new Keyword(n.id(), test()));
                } else if (peek().is("for")) {
                    e = comprehension("gen", e, null, ")");
                    args.add(e);
                } else {
                    args.add(e);
                }
            }
            if (!accept(",")) {
                break;
            }
        }
        ps.expectOp(")");
        return new Call(fn, args, kwargs, starArgs, starKw);
    }

    private Expr comprehension(String kind, Expr elt, Expr value, String end) {
        List<CompFor> fors = new ArrayList<>();
        while (accept("for")) {
            Expr target = orExpr();
            if (peek().is(",")) {
                List<Expr> items = new ArrayList<>(List.of(target));
                while (accept(",")) {
                    items.add(orExpr());
                }
                target = new TupleLit(items);
            }
            ps.expectOp("in");
            Expr iter = orTest();
            List<Expr> conds = new ArrayList<>();
            while (accept("if")) {
                conds.add(testNoCond());
            }
            fors.add(new CompFor(target, iter, conds));
        }
        if (!peek().is(end)) {
            throw PyException.syntax("invalid syntax", peek().line());
        }
        return new Comp(kind, elt, value, fors);
    }

    private Expr atom() {
        ps.enter();
        try {
            return atomBody();
        } finally {
            ps.leave();
        }
    }

    private Expr atomBody() {
        Token t = ps.nextTok();
        switch (t.kind()) {
            case INT, FLOAT, BYTES:
                return new Const(t.value());
            case STR, FSTR: {
                return strings(t);
            }
            case NAME:
                return switch (t.text()) {
                    case "None" -> new Const(Py.NONE);
                    case "True" -> new Const(Boolean.TRUE);
                    case "False" -> new Const(Boolean.FALSE);
                    case "yield", "await", "class", "nonlocal", "async" ->
                            throw PyException.notInSubset("'" + t.text() + "'", t.line());
                    default -> {
                        if (Keywords.is(t.text())) {
                            throw PyException.syntax("invalid syntax", t.line());
                        }
                        yield new Name(t.text());
                    }
                };
            default:
                break;
        }
        switch (t.text()) {
            case "(" -> {
                if (accept(")")) {
                    return new TupleLit(List.of());
                }
                Expr first = starOrTest(true);
                if (peek().is("for")) {
                    Expr c = comprehension("gen", first, null, ")");
                    ps.expectOp(")");
                    return c;
                }
                if (!peek().is(",")) {
                    ps.expectOp(")");
                    return first;
                }
                List<Expr> items = new ArrayList<>(List.of(first));
                while (accept(",")) {
                    if (peek().is(")")) {
                        break;
                    }
                    items.add(starOrTest(true));
                }
                ps.expectOp(")");
                return new TupleLit(items);
            }
            case "[" -> {
                List<Expr> items = new ArrayList<>();
                while (!peek().is("]")) {
                    Expr e = starOrTest(true);
                    if (items.isEmpty() && peek().is("for")) {
                        Expr c = comprehension("list", e, null, "]");
                        ps.expectOp("]");
                        return c;
                    }
                    items.add(e);
                    if (!accept(",")) {
                        break;
                    }
                }
                ps.expectOp("]");
                return new ListLit(items);
            }
            case "{" -> {
                List<Expr> keys = new ArrayList<>();
                List<Expr> values = new ArrayList<>();
                while (!peek().is("}")) {
                    Expr k = test();
                    if (!accept(":")) {
                        throw PyException.notInSubset("set literals", t.line());
                    }
                    Expr v = test();
                    if (keys.isEmpty() && peek().is("for")) {
                        Expr c = comprehension("dict", k, v, "}");
                        ps.expectOp("}");
                        return c;
                    }
                    keys.add(k);
                    values.add(v);
                    if (!accept(",")) {
                        break;
                    }
                }
                ps.expectOp("}");
                return new DictLit(keys, values);
            }
            case "..." -> {
                return new Const(Py.ELLIPSIS);
            }
            default -> throw PyException.syntax("invalid syntax", t.line());
        }
    }

    /** Adjacent string literals concatenate; f-strings split into parts. */
    private Expr strings(Token first) {
        List<Object> parts = new ArrayList<>();
        boolean anyF = false;
        Token t = first;
        while (true) {
            if (t.kind() == Kind.FSTR) {
                anyF = true;
                parts.addAll(FString.split((String) t.value(), t.line()));
            } else {
                parts.add(t.value());
            }
            if (peek().kind() != Kind.STR && peek().kind() != Kind.FSTR) {
                break;
            }
            t = ps.nextTok();
        }
        if (!anyF) {
            StringBuilder sb = new StringBuilder();
            parts.forEach(sb::append);
            return new Const(sb.toString());
        }
        return new FStr(parts);
    }
}
