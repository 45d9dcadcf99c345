package org.transferkit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The dataset catalogue {@code datasets/catalog.json}: what each dataset is, where it comes from, its licence and
 * citation, and the SHA-256 of each file. {@link #verify()} checks the files for the environment's doctor command;
 * {@link #table()} shows the catalogue in a notebook.
 *
 * <p>The datasets folder is found by {@link #locate()}: system property {@code kit.datasets}, else environment variable
 * {@code KIT_DATASETS}, else the first {@code datasets/catalog.json} found walking up from the working directory (so
 * notebooks run from {@code notebooks/} and tests run from {@code lib/} both find it).
 */
public final class DatasetCatalog {

    /** System property naming the datasets folder. */
    public static final String PROPERTY = "kit.datasets";
    /** Environment variable naming the datasets folder. */
    public static final String ENV = "KIT_DATASETS";

    /** What the catalogue says about one dataset. */
    public record Info(String name, String title, String sourcePackage, String sourceVersion, String fetchCommand,
                       String license, String citation, int width, int height, int channels, int examples,
                       List<String> classNames, List<String> files, List<String> sha256, boolean committed) {
    }

    /** Result of checking one dataset's files: all present, all checksums right, and what is wrong otherwise. */
    public record Status(String name, boolean present, boolean checksumOk, List<Path> files, String problem) {
        /** True when every file is present and verified. */
        public boolean ok() {
            return present && checksumOk;
        }
    }

    private final Path directory;
    private final DatasetConverter.Catalog catalog;

    private DatasetCatalog(Path directory, DatasetConverter.Catalog catalog) {
        this.directory = directory;
        this.catalog = catalog;
    }

    /** Reads the catalogue of the folder found by {@link #locate()}. */
    public static DatasetCatalog load() {
        return load(locate());
    }

    /**
     * Reads {@code datasetsDir/catalog.json}.
     *
     * @throws DatasetException if it is missing or not a valid catalogue
     */
    public static DatasetCatalog load(Path datasetsDir) {
        Path dir = datasetsDir.toAbsolutePath().normalize();
        Path file = dir.resolve(DatasetConverter.CATALOG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(DatasetException.describe(file, "missing"), file);
        }
        try {
            return new DatasetCatalog(dir, DatasetConverter.Catalog.read(dir));
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(DatasetException.describe(file, "not a valid catalogue (" + e.getMessage()
                    + "); restore it with `git checkout -- datasets/catalog.json`"), file, e);
        }
    }

    /**
     * Finds the datasets folder: {@code -Dkit.datasets=DIR}, else {@code KIT_DATASETS=DIR}, else the nearest
     * {@code datasets/} with a {@code catalog.json} in the working directory or one of its parents.
     *
     * @throws DatasetException if none is found (the message says where it looked)
     */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        String origin = "system property " + PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
            origin = "environment variable " + ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            Path catalogFile = dir.resolve(DatasetConverter.CATALOG_FILE);
            if (!Files.isRegularFile(catalogFile)) {
                throw new DatasetException("The " + origin + " names " + dir + ", but " + catalogFile + " does not exist;"
                        + " point it at the repository's datasets/ folder or unset it.", catalogFile);
            }
            return dir;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("datasets");
            if (Files.isRegularFile(candidate.resolve(DatasetConverter.CATALOG_FILE))) {
                return candidate;
            }
        }
        throw new DatasetException("No datasets/catalog.json in " + start + " or any folder above it. Run from inside the"
                + " transfer-kit repository, or set -D" + PROPERTY + "=DIR or " + ENV + "=DIR to its datasets/ folder.", null);
    }

    /** The datasets folder this catalogue describes. */
    public Path directory() {
        return directory;
    }

    /** Dataset names in catalogue order: mnist, fashion-mnist, optdigits. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        catalog.entries().forEach(e -> names.add(e.name()));
        return names;
    }

    /**
     * What the catalogue records about {@code name}.
     *
     * @throws IllegalArgumentException for a name not in the catalogue
     */
    public Info info(String name) {
        return info(catalog.entry(name));
    }

    DatasetConverter.Entry entry(String name) {
        return catalog.entry(name);
    }

    @SuppressWarnings("unchecked")
    private static Info info(DatasetConverter.Entry e) {
        Map<String, Object> json = e.json();
        Map<String, Object> source = json.get("source") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<String> files = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (DatasetConverter.FileEntry f : e.files()) {
            files.add(f.path());
            shas.add(f.sha256());
        }
        return new Info(e.name(), text(json.get("title")), text(source.get("package")), text(source.get("version")),
                text(source.get("fetch")), text(json.get("license")), text(json.get("citation")), e.width(), e.height(),
                e.channels(), e.examples(), e.classes(), List.copyOf(files), List.copyOf(shas),
                Boolean.TRUE.equals(json.get("committed")));
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Checks every dataset's files (presence, then SHA-256); reads and hashes them (about a second). */
    public List<Status> verify() {
        List<Status> result = new ArrayList<>();
        for (DatasetConverter.Entry e : catalog.entries()) {
            boolean present = true;
            boolean ok = true;
            List<Path> files = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (DatasetConverter.FileEntry f : e.files()) {
                DatasetConverter.Check c = DatasetConverter.check(directory, f, false);
                files.add(c.file());
                present &= c.present();
                ok &= c.ok();
                if (!c.ok()) {
                    problems.add(c.file() + ": " + c.problem());
                }
            }
            String problem = problems.isEmpty() ? "" : String.join("; ", problems) + ". Repair: " + DatasetConverter.REPAIR_COMMAND;
            result.add(new Status(e.name(), present, ok, List.copyOf(files), problem));
        }
        return result;
    }

    /** The catalogue as a table: name, source package and version, licence, shape, classes, examples, files. */
    public Table table() {
        StringColumn name = StringColumn.create("dataset");
        StringColumn source = StringColumn.create("source");
        StringColumn license = StringColumn.create("licence");
        StringColumn shape = StringColumn.create("image");
        IntColumn examples = IntColumn.create("examples");
        IntColumn classes = IntColumn.create("classes");
        StringColumn classNames = StringColumn.create("class names");
        StringColumn files = StringColumn.create("files");
        StringColumn sha = StringColumn.create("sha256 (first 12)");
        BooleanColumn committed = BooleanColumn.create("in git");
        for (DatasetConverter.Entry e : catalog.entries()) {
            Info i = info(e);
            name.append(i.name());
            source.append(i.sourcePackage() + "@" + i.sourceVersion());
            license.append(i.license());
            shape.append(i.width() + "x" + i.height() + "x" + i.channels());
            examples.append(i.examples());
            classes.append(i.classNames().size());
            classNames.append(String.join(", ", i.classNames()));
            files.append(String.join(" ", i.files()));
            List<String> shortSha = new ArrayList<>();
            i.sha256().forEach(s -> shortSha.add(s.substring(0, Math.min(12, s.length()))));
            sha.append(String.join(" ", shortSha));
            committed.append(i.committed());
        }
        return Table.create("datasets", name, source, license, shape, examples, classes, classNames, files, sha, committed);
    }

    /** {@link #verify()} as a table: dataset, present, checksum ok, problem. */
    public Table statusTable() {
        StringColumn name = StringColumn.create("dataset");
        BooleanColumn present = BooleanColumn.create("present");
        BooleanColumn ok = BooleanColumn.create("checksum ok");
        StringColumn problem = StringColumn.create("problem");
        for (Status s : verify()) {
            name.append(s.name());
            present.append(s.present());
            ok.append(s.checksumOk());
            problem.append(s.problem());
        }
        return Table.create("dataset files", name, present, ok, problem);
    }
}
