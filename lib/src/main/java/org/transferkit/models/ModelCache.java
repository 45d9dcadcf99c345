package org.transferkit.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.transferkit.Arguments;

/**
 * Trained networks kept on disk by recipe, so that a lab does not pretrain the same source network in every notebook.
 * The recipe is a string that names everything the training depends on (data, architecture, optimiser, steps, batch,
 * seed); the file is named after its SHA-256 together with {@link #VERSION}, so a changed recipe is a different
 * file and a stale one is never read. Training is deterministic, so a cached network equals a freshly trained one.
 *
 * <p>The folder is {@code KIT_CACHE} when set (the value {@code off} disables the cache), else the user's cache
 * folder, {@code $XDG_CACHE_HOME/transfer-kit/models} ({@code ~/.cache/transfer-kit/models}): like Maven's
 * repository it outlives a clone, so the set-up's pretrained source networks ({@link SourceNetworks#main}) serve every
 * clone on the machine.
 *
 * <p>A second, read-only folder may hold networks trained elsewhere: {@code KIT_SHARED_CACHE} (a course lab points it
 * at the networks the instructor's set-up trained, so no student pretrains them again). A recipe found there is read
 * from there; what is trained is written to the user's folder only.
 */
public final class ModelCache {
    /** Part of every key: raise it when the library changes how a recipe trains. */
    public static final String VERSION = "1";
    /** Environment variable naming the cache folder, or {@code off}. */
    public static final String ENV = "KIT_CACHE";
    /** Environment variable naming a read-only folder of networks to read before training. */
    public static final String SHARED_ENV = "KIT_SHARED_CACHE";

    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path shared;

    /** A cache in {@code directory}, or none when {@code directory} is null (every call trains). */
    public ModelCache(Path directory) {
        this(directory, null);
    }

    /** A cache in {@code directory} that first looks for a recipe's file in the read-only {@code shared} (or null). */
    public ModelCache(Path directory, Path shared) {
        this.directory = directory;
        this.shared = directory == null ? null : shared;
    }

    /** The cache of this machine (see the class comment). */
    public static ModelCache standard() {
        String env = System.getenv(ENV);
        if ("off".equalsIgnoreCase(env)) {
            return new ModelCache(null);
        }
        String sharedEnv = System.getenv(SHARED_ENV);
        Path sharedDir = sharedEnv == null || sharedEnv.isBlank() ? null : Path.of(sharedEnv);
        if (env != null && !env.isBlank()) {
            return new ModelCache(Path.of(env), sharedDir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ModelCache(base.resolve("transfer-kit").resolve("models"), sharedDir);
    }

    /**
     * The cached network of {@code recipe}, or the one {@code train} returns (then stored). While one process trains a
     * recipe, others asking for the same recipe wait for it and read its file (a lock file beside it), so two notebooks
     * run at once never train the same network twice.
     */
    public MultiLayerNetwork getOrTrain(String recipe, Supplier<MultiLayerNetwork> train) {
        Arguments.notBlank(recipe, "recipe");
        if (directory == null) {
            return train.get();
        }
        Path file = file(recipe);
        try {
            Path sharedFile = sharedFile(recipe);
            if (sharedFile != null) {
                return ModelSerializer.restoreMultiLayerNetwork(sharedFile.toFile(), true);
            }
            if (Files.isRegularFile(file)) {
                return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            }
            Files.createDirectories(directory);
            Path lockFile = directory.resolve(file.getFileName() + ".lock");
            // a file lock excludes other processes; threads of this one queue on the same monitor first
            synchronized (IN_PROCESS.computeIfAbsent(lockFile, k -> new Object())) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                    if (Files.isRegularFile(file)) {
                        return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
                    }
                    MultiLayerNetwork net = train.get();
                    Path tmp = Files.createTempFile(directory, "model", ".tmp");
                    ModelSerializer.writeModel(net, tmp.toFile(), true);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Files.writeString(directory.resolve(file.getFileName() + ".recipe.txt"), recipe + "\n");
                    return net;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("model cache " + file + ": " + e.getMessage()
                    + " (delete the file, or set KIT_CACHE=off)", e);
        }
    }

    /** Whether the network of {@code recipe} is stored (false when the cache is off). */
    public boolean contains(String recipe) {
        Arguments.notBlank(recipe, "recipe");
        return directory != null && (Files.isRegularFile(file(recipe)) || sharedFile(recipe) != null);
    }

    /** The recipe's file in the shared folder, or null when there is none. */
    private Path sharedFile(String recipe) {
        if (shared == null) {
            return null;
        }
        Path f = shared.resolve(file(recipe).getFileName());
        return Files.isRegularFile(f) ? f : null;
    }

    /** The cache's folder, or null when the cache is off. */
    public Path directory() {
        return directory;
    }

    /** Where the network of {@code recipe} is (or would be) stored. */
    public Path file(String recipe) {
        if (directory == null) {
            throw new IllegalStateException("this cache is off");
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((VERSION + "\n" + recipe).getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(h, 0, 16) + ".zip");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
