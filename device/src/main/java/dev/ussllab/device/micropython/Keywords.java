package dev.ussllab.device.micropython;

import java.util.Set;

/** Python's reserved words: they can never be a plain name in an expression. */
final class Keywords {
    private static final Set<String> ALL = Set.of("and", "as", "assert", "break", "continue", "def",
            "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "not", "or", "pass", "raise", "return", "try", "while", "with");

    private Keywords() {}

    static boolean is(String word) {
        return ALL.contains(word);
    }
}
