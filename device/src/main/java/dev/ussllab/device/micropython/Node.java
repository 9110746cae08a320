package dev.ussllab.device.micropython;

import java.util.List;

/** The syntax tree: expressions and statements as plain records. Statements carry their line. */
interface Node {

    // ---- expressions ----
    sealed interface Expr extends Node permits Const, Name, FStr, Attr, Index, Slice, Call, BinOp,
            Unary, BoolOp, Compare, IfExp, ListLit, TupleLit, DictLit, Lambda, Comp, Starred {}

    record Const(Object value) implements Expr {}

    record Name(String id) implements Expr {}

    /** An f-string: literal String parts and FPart expressions, in order. */
    record FStr(List<Object> parts) implements Expr {}

    record FPart(Expr expr, char conversion, String spec) {}

    record Attr(Expr obj, String name) implements Expr {}

    record Index(Expr obj, Expr index) implements Expr {}

    record Slice(Expr lo, Expr hi, Expr step) implements Expr {}

    record Keyword(String name, Expr value) {}

    record Call(Expr fn, List<Expr> args, List<Keyword> kwargs, Expr starArgs, Expr starKw) implements Expr {}

    record BinOp(String op, Expr left, Expr right) implements Expr {}

    /** "-", "+", "~" and "not". */
    record Unary(String op, Expr operand) implements Expr {}

    /** "and" / "or", short-circuit. */
    record BoolOp(String op, Expr left, Expr right) implements Expr {}

    record Compare(List<String> ops, List<Expr> operands) implements Expr {}

    record IfExp(Expr cond, Expr then, Expr orElse) implements Expr {}

    record ListLit(List<Expr> items) implements Expr {}

    record TupleLit(List<Expr> items) implements Expr {}

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr {}

    record Lambda(List<Param> params, Expr body) implements Expr {}

    record CompFor(Expr target, Expr iter, List<Expr> conds) {}

    /** List ("list"), dict ("dict", value set) comprehension, or generator expression ("gen"). */
    record Comp(String kind, Expr elt, Expr value, List<CompFor> fors) implements Expr {}

    record Starred(Expr value) implements Expr {}

    // ---- statements ----
    sealed interface Stmt extends Node permits ExprStmt, Assign, AugAssign, If, While, For, Break,
            Continue, Pass, Def, ClassDef, Return, Try, Raise, With, Import, FromImport, Global, Del, Assert {
        int line();
    }

    /** kind: 0 plain, 1 *args, 2 **kwargs. */
    record Param(String name, Expr dflt, int kind) {}

    record ExprStmt(int line, Expr expr) implements Stmt {}

    record Assign(int line, List<Expr> targets, Expr value) implements Stmt {}

    record AugAssign(int line, Expr target, String op, Expr value) implements Stmt {}

    record If(int line, Expr cond, List<Stmt> body, List<Stmt> orElse) implements Stmt {}

    record While(int line, Expr cond, List<Stmt> body, List<Stmt> orElse) implements Stmt {}

    record For(int line, Expr target, Expr iter, List<Stmt> body, List<Stmt> orElse) implements Stmt {}

    record Break(int line) implements Stmt {}

    record Continue(int line) implements Stmt {}

    record Pass(int line) implements Stmt {}

    record Def(int line, String name, List<Param> params, List<Stmt> body) implements Stmt {}

    record ClassDef(int line, String name, List<Expr> bases, List<Stmt> body) implements Stmt {}

    record Return(int line, Expr value) implements Stmt {}

    record Handler(Expr type, String name, List<Stmt> body) {}

    record Try(int line, List<Stmt> body, List<Handler> handlers, List<Stmt> orElse, List<Stmt> fin) implements Stmt {}

    record Raise(int line, Expr exc, Expr cause) implements Stmt {}

    record With(int line, Expr ctx, Expr target, List<Stmt> body) implements Stmt {}

    record Alias(String name, String as) {}

    record Import(int line, List<Alias> names) implements Stmt {}

    record FromImport(int line, String module, List<Alias> names) implements Stmt {}

    record Global(int line, List<String> names) implements Stmt {}

    record Del(int line, List<Expr> targets) implements Stmt {}

    record Assert(int line, Expr cond, Expr msg) implements Stmt {}
}
