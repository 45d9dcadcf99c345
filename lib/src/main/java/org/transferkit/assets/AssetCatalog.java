package org.transferkit.assets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.transferkit.data.DatasetCatalog;

/**
 * The catalogue of the application assets, {@code datasets/applications/catalog.json}: what each asset is, where it
 * comes from (package and version), its licence and citation, and the SHA-256 of each file. Loaders ask it for a file
 * with {@link #file(String, String)}, which checks the file's checksum (once per file and JVM) before handing it out.
 *
 * <p>The folder is {@code applications/} inside the kit's datasets folder, found as for the image datasets
 * ({@code -Dkit.datasets=DIR}, {@code KIT_DATASETS=DIR}, or the nearest {@code datasets/} above the working
 * directory), so notebooks and tests find it from anywhere in the repository.
 */
public final class AssetCatalog {

    /** The assets folder's name inside the datasets folder. */
    public static final String FOLDER = "applications";

    /** What the catalogue records about one asset. */
    public record Info(String name, String kind, String title, String sourcePackage, String sourceVersion,
                       String fetchCommand, String license, String citation, boolean redistributable,
                       List<String> classes, List<String> files) {
    }

    private static final Set<Path> VERIFIED = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final Map<String, Object> json;

    private AssetCatalog(Path directory, Map<String, Object> json) {
        this.directory = directory;
        this.json = json;
    }

    /** Reads the catalogue of {@code <datasets>/applications}, the datasets folder found as described above. */
    public static AssetCatalog load() {
        return load(DatasetCatalog.locate().resolve(FOLDER));
    }

    /**
     * Reads {@code directory/catalog.json}.
     *
     * @throws AssetException when it is missing or not a valid catalogue
     */
    public static AssetCatalog load(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path file = dir.resolve(AssetConverter.CATALOG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new AssetException("The application catalogue " + file + " is missing; restore it with"
                    + " `git checkout -- datasets/applications/catalog.json`.", file);
        }
        try {
            return new AssetCatalog(dir, AssetConverter.readCatalog(dir));
        } catch (IOException | RuntimeException e) {
            throw new AssetException("The application catalogue " + file + " is not valid (" + e.getMessage()
                    + "); restore it with `git checkout -- datasets/applications/catalog.json`.", file, e);
        }
    }

    /** The assets folder. */
    public Path directory() {
        return directory;
    }

    /** Asset names in catalogue order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        assets().forEach(a -> names.add((String) a.get("name")));
        return List.copyOf(names);
    }

    /**
     * What the catalogue records about asset {@code name}.
     *
     * @throws IllegalArgumentException for a name the catalogue does not have
     */
    @SuppressWarnings("unchecked")
    public Info info(String name) {
        Map<String, Object> a = asset(name);
        Map<String, Object> source = (Map<String, Object>) a.get("source");
        List<String> files = new ArrayList<>();
        for (Object f : (List<Object>) a.get("files")) {
            files.add((String) ((Map<String, Object>) f).get("path"));
        }
        List<String> classes = new ArrayList<>();
        for (Object c : (List<Object>) a.get("classes")) {
            classes.add((String) c);
        }
        return new Info(name, (String) a.get("kind"), (String) a.get("title"), (String) source.get("package"),
                (String) source.get("version"), (String) source.get("fetch"), (String) a.get("license"),
                (String) a.get("citation"), Boolean.TRUE.equals(a.get("redistributable")), List.copyOf(classes),
                List.copyOf(files));
    }

    /**
     * The verified file of asset {@code name} with role {@code role} (for example {@code "imdb", "reviews"}).
     *
     * @throws AssetException when the file is missing or its checksum differs from the catalogue's (the message names
     *                        the file and the repair command)
     */
    @SuppressWarnings("unchecked")
    public Path file(String name, String role) {
        for (Object o : (List<Object>) asset(name).get("files")) {
            Map<String, Object> f = (Map<String, Object>) o;
            if (role.equals(f.get("role"))) {
                Path file = directory.resolve((String) f.get("path"));
                if (!VERIFIED.contains(file)) {
                    AssetConverter.Check c = AssetConverter.check(file, (String) f.get("sha256"),
                            (String) f.get("contentSha256"));
                    if (!c.ok()) {
                        throw new AssetException(AssetException.describe(file, c.problem()), file);
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
            try {
                for (AssetConverter.Check c : AssetConverter.verify(directory, name)) {
                    if (!c.ok()) {
                        problems.add(name + ": " + c.file() + ": " + c.problem());
                    }
                }
            } catch (IOException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return List.copyOf(problems);
    }

    /** Forgets which files were verified in this JVM (for tests that damage a file). */
    static void forgetVerified() {
        VERIFIED.clear();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> assets() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Object o : (List<Object>) json.get("assets")) {
            list.add((Map<String, Object>) o);
        }
        return list;
    }

    private Map<String, Object> asset(String name) {
        for (Map<String, Object> a : assets()) {
            if (name.equals(a.get("name"))) {
                return a;
            }
        }
        throw new IllegalArgumentException("no asset named '" + name + "' in " + directory.resolve(AssetConverter.CATALOG_FILE)
                + "; known: " + names());
    }
}
