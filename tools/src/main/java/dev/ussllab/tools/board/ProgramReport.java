package dev.ussllab.tools.board;

import dev.ussllab.device.repl.ExecResult;
import dev.ussllab.profile.LabException;
import java.io.PrintWriter;

/** How a program's result is shown: stdout already streamed; a traceback goes to stderr and fails the command. */
final class ProgramReport {
    private ProgramReport() {}

    static int finish(ExecResult r, PrintWriter err, String port) {
        if (!r.failed()) {
            return 0;
        }
        err.print(LiveText.text(r.stderr()));
        err.flush();
        throw LabException.failure("the program on " + port + " raised " + r.errorLine(), "the traceback above shows where");
    }
}
