package dev.ussllab.tools.board;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code board mount [-l] LOCAL}: mpremote's mount. The board sees the folder at /remote and works
 * there (its current directory), so {@code import x} loads x.py from this computer; the board's
 * file requests are answered over the same serial line for the rest of the chain, and the folder
 * is unmounted at its end.
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Mount a folder of this computer on the board at /remote, as mpremote's mount: the board works there,",
            "so `import x` loads x.py from the folder. Lasts for the rest of the chain: board mount src + run main.py,",
            "board mount src + exec \"import app\", board mount src (then the REPL). The board may also write there."})
public final class BoardMount implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Option(names = {"-l", "--unsafe-links"},
            description = "follow links that lead out of the folder (by default the board gets EPERM for them), as mpremote's -l")
    boolean unsafeLinks;

    @Parameters(paramLabel = "LOCAL", description = "the folder on this computer")
    Path local;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(local)) {
            throw LabException.badInput((Files.exists(local) ? local + " is not a folder" : "no folder " + local) + " to mount",
                    "give an existing folder of this computer, e.g. board mount . + run main.py");
        }
        board.session().mount(local, unsafeLinks);
        // mpremote's own line.
        spec.commandLine().getOut().println("Local directory " + local + " is mounted at " + BoardSession.MOUNT_POINT);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
