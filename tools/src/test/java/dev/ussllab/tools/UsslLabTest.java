package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsslLabTest {

    @Test
    void helpExitsZeroAndListsUsage() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("Usage: ussl-lab"), r.toString());
    }

    @Test
    void unknownSubcommandIsBadUsage() {
        Cli r = Cli.run("no-such-command");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("no-such-command"), r.toString());
        assertTrue(r.err.contains("--help"), r.toString());
    }

    @Test
    void noSubcommandIsBadUsage() {
        Cli r = Cli.run();
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("ussl-lab: a subcommand is required (see 'ussl-lab --help')\n",
                r.err.replace("\r\n", "\n"), r.toString());
    }

    @Test
    void subcommandErrorsNameTheWholeCommand() {
        Cli r = Cli.run("board", "--port", "/nonexistent/ttyUSB9", "ls");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab board ls: "), r.toString());
    }
}
