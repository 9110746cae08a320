package dev.ussllab.tools.board;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board run FILE}: run a local Python file on the board without copying it. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a local FILE on the board (not copied); a traceback fails the command.")
public final class BoardRun implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "FILE", description = "a .py file on this computer")
    Path file;

    @Mixin
    ProgramRun program;

    @Override
    public Integer call() {
        return program.run(board, readLocal(file), spec);
    }

    static String readLocal(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw LabException.badInput("no such file " + file, "give the path of a local file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw LabException.badInput(file + " is not UTF-8 text", "MicroPython source must be UTF-8");
        } catch (IOException e) {
            throw LabException.badInput("cannot read " + file + ": " + e.getMessage(), "check the path and its permissions");
        }
    }
}
