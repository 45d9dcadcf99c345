package org.transferkit.data;

import static org.transferkit.data.CatalogJson.array;
import static org.transferkit.data.CatalogJson.flag;
import static org.transferkit.data.CatalogJson.number;
import static org.transferkit.data.CatalogJson.object;
import static org.transferkit.data.CatalogJson.optionalText;
import static org.transferkit.data.CatalogJson.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The dataset catalogue {@code datasets/catalog.json}: what each dataset is, where it comes from, its licence and
 * citation, and the SHA-256 of each file. {@link #verify()} checks the files against their checksums (the environment's
 * doctor and {@code environment/prepare-datasets.sh} use it); {@link #table()} shows the catalogue in a notebook.
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
    /** The command that rebuilds missing or damaged dataset files; quoted in every error message. */
    public static final String REPAIR_COMMAND = "bash environment/prepare-datasets.sh";
    /** File name of the catalogue inside the datasets folder. */
    public static final String CATALOG_FILE = "catalog.json";
    /** File name of the images file inside a dataset's folder. */
    public static final String IMAGES_FILE = "images-idx3-ubyte.gz";
    /** File name of the labels file inside a dataset's folder. */
    public static final String LABELS_FILE = "labels-idx1-ubyte.gz";

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
    private final List<CatalogEntry> entries;

    private DatasetCatalog(Path directory, List<CatalogEntry> entries) {
        this.directory = directory;
        this.entries = entries;
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
        Path file = dir.resolve(CATALOG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(DatasetException.describe(file, "missing"), file);
        }
        try {
            return new DatasetCatalog(dir, entries(CatalogJson.read(file)));
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(DatasetException.describe(file, "not a valid catalogue (" + e.getMessage()
                    + "); restore it with `git checkout -- datasets/catalog.json`"), file, e);
        }
    }

    /** The datasets of a parsed catalogue; IllegalArgumentException naming the first missing or mistyped field. */
    private static List<CatalogEntry> entries(JsonObject root) {
        List<CatalogEntry> entries = new ArrayList<>();
        for (JsonElement element : array(root, "datasets")) {
            JsonObject d = object(element, "dataset");
            JsonObject source = d.has("source") ? object(d.get("source"), "source") : new JsonObject();
            List<DatasetFile> files = new ArrayList<>();
            for (JsonElement f : array(d, "files")) {
                JsonObject fo = object(f, "file");
                files.add(new DatasetFile(text(fo, "role"), text(fo, "path"), number(fo, "bytes"), text(fo, "sha256"),
                        text(fo, "contentSha256")));
            }
            List<String> classes = new ArrayList<>();
            for (JsonElement c : array(d, "classes")) {
                classes.add(c.getAsString());
            }
            entries.add(new CatalogEntry(text(d, "name"), optionalText(d, "title"), optionalText(source, "package"),
                    optionalText(source, "version"), optionalText(source, "fetch"), optionalText(d, "license"),
                    optionalText(d, "citation"), flag(d, "committed"),
                    (int) number(d, "width"), (int) number(d, "height"), (int) number(d, "channels"),
                    (int) number(d, "maxValue"), (int) number(d, "examples"), List.copyOf(classes), List.copyOf(files)));
        }
        return List.copyOf(entries);
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
            Path catalogFile = dir.resolve(CATALOG_FILE);
            if (!Files.isRegularFile(catalogFile)) {
                throw new DatasetException("The " + origin + " names " + dir + ", but " + catalogFile + " does not exist;"
                        + " point it at the repository's datasets/ folder or unset it.", catalogFile);
            }
            return dir;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("datasets");
            if (Files.isRegularFile(candidate.resolve(CATALOG_FILE))) {
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
        return entries.stream().map(CatalogEntry::name).toList();
    }

    /**
     * What the catalogue records about {@code name}.
     *
     * @throws IllegalArgumentException for a name not in the catalogue
     */
    public Info info(String name) {
        return info(entry(name));
    }

    /** The datasets in catalogue order. */
    List<CatalogEntry> entries() {
        return entries;
    }

    /**
     * The entry called {@code name}, ignoring case ("MNIST" is "mnist").
     *
     * @throws IllegalArgumentException for a name not in the catalogue; the message lists the names and suggests the
     *                                  closest one
     */
    CatalogEntry entry(String name) {
        String wanted = name == null ? "" : name.trim();
        for (CatalogEntry e : entries) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        List<String> names = names();
        String closest = null;
        int best = Integer.MAX_VALUE;
        String lower = wanted.toLowerCase(Locale.ROOT);
        for (String n : names) {
            int distance = !lower.isEmpty() && n.contains(lower) ? 0 : editDistance(lower, n); // "fashion"
            if (distance < best) {
                best = distance;
                closest = n;
            }
        }
        String hint = closest != null && best <= Math.max(2, closest.length() / 3) ? " Did you mean '" + closest + "'?" : "";
        throw new IllegalArgumentException("Dataset '" + name + "' is not in " + directory.resolve(CATALOG_FILE)
                + "; it has " + names + "." + hint);
    }

    /** Levenshtein distance: the number of single-letter edits that turn a into b. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static Info info(CatalogEntry e) {
        return new Info(e.name(), e.title(), e.sourcePackage(), e.sourceVersion(), e.fetchCommand(), e.license(),
                e.citation(), e.width(), e.height(), e.channels(), e.examples(), e.classes(),
                e.files().stream().map(DatasetFile::path).toList(), e.files().stream().map(DatasetFile::sha256).toList(),
                e.committed());
    }

    /** Checks every dataset's files (presence, then SHA-256); reads and hashes them (about a second). */
    public List<Status> verify() {
        List<Status> result = new ArrayList<>();
        for (CatalogEntry e : entries) {
            boolean present = true;
            boolean ok = true;
            List<Path> files = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (DatasetFile f : e.files()) {
                DatasetFile.Check c = f.check(directory, false);
                files.add(c.file());
                present &= c.present();
                ok &= c.ok();
                if (!c.ok()) {
                    problems.add(c.file() + ": " + c.problem());
                }
            }
            String problem = problems.isEmpty() ? "" : String.join("; ", problems) + ". Repair: " + REPAIR_COMMAND;
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
        for (CatalogEntry e : entries) {
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
