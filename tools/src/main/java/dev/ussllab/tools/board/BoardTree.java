package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import dev.ussllab.profile.LabException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code board tree [-s|-h] [:DIR]...}: mpremote's tree of the board's files. */
@Command(name = "tree", mixinStandardHelpOptions = false, description = "Print a tree of board directories (default: the current one).")
public final class BoardTree extends FsCommand {

    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-s", "--size"}, description = "show sizes in bytes")
    boolean size;

    @Option(names = {"-h", "--human"}, description = "show sizes in K/M/G, as mpremote's tree -h")
    boolean human;

    @Parameters(paramLabel = ":DIR", arity = "0..*", description = "board directories")
    List<String> dirs = new ArrayList<>();

    @Override
    public Integer call() {
        String port = board().port();
        return each(dirs.isEmpty() ? List.of("") : dirs, true, (f, given) -> {
            String path = given;
            if (path.isEmpty() || path.equals(".")) {
                path = f.cwd();
            }
            if (!f.isDir(path)) {
                throw LabException.badInput("tree: '" + path + "' is not a directory on the board", "list the board's files with `board ls`");
            }
            out().println(verbose(true) ? ":" + path + " on " + port : ":" + path);
            tree(f, path, "");
        });
    }

    private void tree(BoardFiles f, String path, String prefix) {
        List<BoardFiles.Entry> entries = new ArrayList<>(f.ls(path));
        entries.sort(Comparator.comparing(BoardFiles.Entry::name));
        for (int i = 0; i < entries.size(); i++) {
            BoardFiles.Entry e = entries.get(i);
            boolean last = i == entries.size() - 1;
            String sz = "";
            if (e.size() > 0 || !e.dir()) {
                if (size) {
                    sz = String.format("[%9d]  ", e.size());
                } else if (human) {
                    sz = String.format("[%6s]  ", human(e.size()));
                }
            }
            out().println(prefix + (last ? "└── " : "├── ") + sz + e.name());
            if (e.dir()) {
                tree(f, (path.endsWith("/") ? path : path + "/") + e.name(), prefix + (last ? "    " : "│   "));
            }
        }
    }

    /** mpremote's human_size: B without decimals, then K, M, G, T with one. */
    static String human(long bytes) {
        double s = bytes;
        String[] units = {"B", "K", "M", "G", "T"};
        int u = 0;
        while (s >= 1024 && u < units.length - 1) {
            s /= 1024;
            u++;
        }
        return u == 0 ? String.valueOf(bytes) : String.format("%.1f%s", s, units[u]);
    }
}
