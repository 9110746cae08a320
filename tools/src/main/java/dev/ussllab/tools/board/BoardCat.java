package dev.ussllab.tools.board;

import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code board cat :FILE...}: print board files. */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Print board files (as UTF-8 text).")
public final class BoardCat extends FsCommand {

    @Parameters(paramLabel = ":FILE", arity = "1..*", description = "board paths, e.g. :main.py")
    List<String> files;

    @Override
    public Integer call() {
        return each(files, false, (f, path) -> out().print(new String(f.read(path), StandardCharsets.UTF_8)));
    }
}
