package dev.ussllab.device.upy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sys.path on the emulated board: the ESP8266 firmware's entries (py/runtime.c mp_init gives ''
 * and '.frozen', ports/esp8266/main.c appends '/lib' and '/'), and it is the list import searches.
 */
class SysPathTest {

    @TempDir
    Path tmp;

    @Test
    void sysPathIsTheFirmwaresAndImportFollowsIt() throws Exception {
        try (UpyBoard board = new UpyBoard(tmp.resolve("fs"))) {
            Files.createDirectories(board.fs.resolve("lib"));
            Files.writeString(board.fs.resolve("lib/fromlib.py"), "WHERE = 'lib'\n");
            Files.createDirectories(board.fs.resolve("extra"));
            Files.writeString(board.fs.resolve("extra/fromextra.py"), "WHERE = 'extra'\n");
            assertEquals("""
                    ['', '.frozen', '/lib', '/']
                    True
                    lib
                    no module named 'fromextra'
                    extra
                    """, board.run("""
                    import sys, usys
                    print(sys.path)
                    print(usys.path is sys.path)
                    import fromlib
                    print(fromlib.WHERE)
                    try:
                        import fromextra
                    except ImportError as e:
                        print(e)
                    sys.path.append('/extra')
                    import fromextra
                    print(fromextra.WHERE)
                    sys.path.remove('/extra')
                    """));
            // The next program (another raw-REPL run) sees the same list: nothing was left on it.
            assertEquals("['', '.frozen', '/lib', '/']\n", board.run("import sys\nprint(sys.path)\n"));
        }
    }
}
