package org.transferkit.assets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.transferkit.data.DatasetCommandLine;
import org.transferkit.data.DatasetFile;

/**
 * The application-asset commands that {@code environment/prepare-applications.sh} runs, on the library's class path:
 * <pre>
 *   verify DIR [NAME...]                 exit 1 when a file is missing or damaged (each one named on stderr;
 *                                        "ok NAME (N files)" on stdout for each sound asset)
 *   convert DIR NAME SOURCE              convert one asset; refuses a result the catalogue does not know
 *   convert-unchecked DIR NAME SOURCE    maintainers: convert without the catalogue's checksums
 *   write-catalog DIR                    maintainers: record the present files' sizes and checksums
 * </pre>
 * Exit status 0 on success, 1 on a failed check or conversion, 2 on a usage error.
 */
public final class AssetCommandLine {

    private AssetCommandLine() {
    }

    /** Runs one command (see the class comment) and exits with its status. */
    public static void main(String[] args) {
        DatasetCommandLine.exit(() -> run(args));
    }

    static int run(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("verify")) {
            return verify(Path.of(args[1]), Arrays.asList(args).subList(2, args.length));
        }
        if (args.length == 4 && (args[0].equals("convert") || args[0].equals("convert-unchecked"))) {
            AssetConverter.convert(Path.of(args[1]).toAbsolutePath().normalize(), args[2], Path.of(args[3]),
                    args[0].equals("convert"));
            return 0;
        }
        if (args.length == 2 && args[0].equals("write-catalog")) {
            AssetCatalogWriter.write(Path.of(args[1]).toAbsolutePath().normalize());
            return 0;
        }
        System.err.println("usage: AssetCommandLine verify DIR [NAME...]\n"
                + "       AssetCommandLine convert DIR NAME SOURCE\n"
                + "       AssetCommandLine convert-unchecked DIR NAME SOURCE\n"
                + "       AssetCommandLine write-catalog DIR");
        return 2;
    }

    /**
     * Names each missing or damaged file of the named assets (all when none is named) on stderr, and prints
     * {@code ok NAME (N files)} on stdout for each asset whose files all match the catalogue.
     */
    private static int verify(Path dir, List<String> only) {
        AssetCatalog catalog = AssetCatalog.load(dir);
        boolean ok = true;
        for (String name : only.isEmpty() ? catalog.names() : only) {
            List<DatasetFile.Check> checks = catalog.check(name);
            boolean assetOk = true;
            for (DatasetFile.Check c : checks) {
                if (!c.ok()) {
                    System.err.println("  " + name + ": " + c.file() + ": " + c.problem());
                    assetOk = false;
                }
            }
            if (assetOk) {
                System.out.println("ok " + name + " (" + checks.size() + (checks.size() == 1 ? " file)" : " files)"));
            }
            ok &= assetOk;
        }
        return ok ? 0 : 1;
    }
}
