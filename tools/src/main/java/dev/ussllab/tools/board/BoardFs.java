package dev.ussllab.tools.board;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code board fs CMD}: mpremote's fs prefix; {@code board fs cp} is {@code board cp}, and so on. */
@Command(name = "fs", mixinStandardHelpOptions = true,
        description = "Filesystem commands on the board, as mpremote's fs: cp, ls, cat, rm, mkdir, rmdir, touch, sha256sum, tree.",
        subcommands = {BoardCp.class, BoardLs.class, BoardCat.class, BoardRm.class, BoardMkdir.class, BoardRmdir.class,
            BoardTouch.class, BoardSha256sum.class, BoardTree.class})
public final class BoardFs implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--recursive"}, description = "recursive (cp, rm), as mpremote's `fs -r cp`")
    boolean recursive;

    @Option(names = {"-f", "--force"}, description = "copy even when the board file is unchanged (cp)")
    boolean force;

    @Option(names = {"-v", "--verbose"}, negatable = true, description = "print the command and path before each result")
    Boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a filesystem command is required (cp, ls, cat, rm, mkdir, rmdir, touch, sha256sum, tree)");
    }
}
