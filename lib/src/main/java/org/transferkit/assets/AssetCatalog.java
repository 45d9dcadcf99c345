package org.transferkit.assets;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.transferkit.data.CatalogJson;
import org.transferkit.data.DatasetCatalog;
import org.transferkit.data.DatasetException;
import org.transferkit.data.DatasetFile;

/**
 * The catalogue of the application assets, {@code datasets/applications/catalog.json}: what each asset is, where it
 * comes from (package and version), its licence and citation, and the SHA-256 of each file. Loaders ask it for a file
 * with {@link #file(String, String)}, which checks the file's checksum (once per file and JVM) before handing it out.
 *
 * <p>The folder is {@code applications/} inside the kit's datasets folder, found as for the image datasets
 * ({@code -Dkit.datasets=DIR}, {@code KIT_DATASETS=DIR}, or the nearest {@code datasets/} above the working
 * directory), so notebooks and tests find it from anywhere in the repository. A missing or damaged asset is a
 * {@link DatasetException} whose message names the file and {@link #REPAIR_COMMAND} ({@link #error(Path, String)}).
 */
public final class AssetCatalog {

    /** The assets folder's name inside the datasets folder. */
    public static final String FOLDER = "applications";
    /** Catalogue file name inside the assets folder. */
    public static final String CATALOG_FILE = "catalog.json";
    /** The command that repairs a missing or damaged asset, run from the repository root. */
    public static final String REPAIR_COMMAND = "bash environment/prepare-applications.sh";

    /** What the catalogue records about one asset. */
    public record Info(String name, String kind, String title, String sourcePackage, String sourceVersion,
                       String fetchCommand, String license, String citation, boolean redistributable,
                       List<String> classes, List<String> files) {
    }

    /** One asset of the catalogue: its description and its files with their checksums. */
    private record Entry(Info info, List<DatasetFile> files) {
    }

    private static final Set<Path> VERIFIED = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final List<Entry> entries;

    private AssetCatalog(Path directory, List<Entry> entries) {
        this.directory = directory;
        this.entries = entries;
    }

    /**
     * The error for a missing, damaged or wrong-format asset file: the message names {@code file}, says it is
     * {@code problem} (e.g. {@code "missing"}) and gives the repair command.
     */
    public static DatasetException error(Path file, String problem) {
        return error(file, problem, null);
    }

    /** As {@link #error(Path, String)}, with the exception that revealed the problem. */
    public static DatasetException error(Path file, String problem, Throwable cause) {
        return new DatasetException(DatasetException.describe("Application asset", file, problem, "run `"
                + REPAIR_COMMAND + "` in the repository root (see datasets/applications/README.md)"), file, cause);
    }

    /** Reads the catalogue of {@code <datasets>/applications}, the datasets folder found as described above. */
    public static AssetCatalog load() {
        return load(DatasetCatalog.locate().resolve(FOLDER));
    }

    /**
     * Reads {@code directory/catalog.json}.
     *
     * @throws DatasetException when it is missing or not a valid catalogue
     */
    public static AssetCatalog load(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path file = dir.resolve(CATALOG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("The application catalogue " + file + " is missing; restore it with"
                    + " `git checkout -- datasets/applications/catalog.json`.", file);
        }
        try {
            return new AssetCatalog(dir, entries(CatalogJson.read(file)));
        } catch (IOException | RuntimeException e) {
            throw new DatasetException("The application catalogue " + file + " is not valid (" + e.getMessage()
                    + "); restore it with `git checkout -- datasets/applications/catalog.json`.", file, e);
        }
    }

    /** The assets of a parsed catalogue; IllegalArgumentException naming the first missing or mistyped field. */
    private static List<Entry> entries(JsonObject root) {
        List<Entry> entries = new ArrayList<>();
        for (JsonElement element : array(root, "assets")) {
            JsonObject a = object(element, "asset");
            JsonObject source = a.has("source") ? object(a.get("source"), "source") : new JsonObject();
            List<DatasetFile> files = new ArrayList<>();
            for (JsonElement f : array(a, "files")) {
                JsonObject fo = object(f, "file");
                files.add(new DatasetFile(text(fo, "role"), text(fo, "path"), number(fo, "bytes"), text(fo, "sha256"),
                        optionalText(fo, "contentSha256")));
            }
            List<String> classes = new ArrayList<>();
            for (JsonElement c : array(a, "classes")) {
                classes.add(c.getAsString());
            }
            Info info = new Info(text(a, "name"), optionalText(a, "kind"), optionalText(a, "title"),
                    optionalText(source, "package"), optionalText(source, "version"), optionalText(source, "fetch"),
                    optionalText(a, "license"), optionalText(a, "citation"), flag(a, "redistributable"),
                    List.copyOf(classes), files.stream().map(DatasetFile::path).toList());
            entries.add(new Entry(info, List.copyOf(files)));
        }
        return List.copyOf(entries);
    }

    /** The assets folder. */
    public Path directory() {
        return directory;
    }

    /** Asset names in catalogue order. */
    public List<String> names() {
        return entries.stream().map(e -> e.info().name()).toList();
    }

    /**
     * What the catalogue records about asset {@code name}.
     *
     * @throws IllegalArgumentException for a name the catalogue does not have
     */
    public Info info(String name) {
        return entry(name).info();
    }

    /**
     * The verified file of asset {@code name} with role {@code role} (for example {@code "imdb", "reviews"}).
     *
     * @throws DatasetException when the file is missing or its checksum differs from the catalogue's (the message
     *                          names the file and the repair command)
     */
    public Path file(String name, String role) {
        for (DatasetFile f : entry(name).files()) {
            if (role.equals(f.role())) {
                Path file = directory.resolve(f.path()).toAbsolutePath().normalize();
                if (!VERIFIED.contains(file)) {
                    DatasetFile.Check c = f.check(directory, false);
                    if (!c.ok()) {
                        throw error(file, c.problem());
                    }
                    VERIFIED.add(file);
                }
                return file;
            }
        }
        throw new IllegalArgumentException("asset " + name + " has no file with role '" + role + "'");
    }

    /** Checks every file of every asset; returns one line per missing or damaged file (empty when all are fine). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String name : names()) {
            for (DatasetFile.Check c : check(name)) {
                if (!c.ok()) {
                    problems.add(name + ": " + c.file() + ": " + c.problem());
                }
            }
        }
        return List.copyOf(problems);
    }

    /** Checks every file of asset {@code name} against the catalogue's checksums, streaming each file. */
    List<DatasetFile.Check> check(String name) {
        return entry(name).files().stream().map(f -> f.check(directory, false)).toList();
    }

    /** The files of asset {@code name} as the catalogue records them. */
    List<DatasetFile> files(String name) {
        return entry(name).files();
    }

    /** Forgets which files were verified in this JVM (for tests that damage a file). */
    static void forgetVerified() {
        VERIFIED.clear();
    }

    private Entry entry(String name) {
        for (Entry e : entries) {
            if (e.info().name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no asset named '" + name + "' in " + directory.resolve(CATALOG_FILE)
                + "; known: " + names());
    }
}
