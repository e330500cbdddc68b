package dev.ownership.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A {@code docker save} archive, as Jib writes it: manifest.json naming the image's configuration and its layers.
 * The files are those of the image's root file system, the later layers over the earlier ones.
 */
record ImageArchive(List<String> repoTags, JsonNode config, Map<String, ImageFile> files) {
    /** A file of the root file system; {@code sha256} for regular files, {@code linkName} for links. */
    record ImageFile(String path, int mode, long uid, long size, String linkName, String sha256) {
        boolean isDirectory() {
            return path.endsWith("/");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static ImageArchive read(Path archive) throws IOException {
        JsonNode manifest = JSON.readTree(member(archive, "manifest.json"));
        if (manifest.size() != 1) {
            throw new IOException(archive + ": manifest.json lists " + manifest.size() + " images, not one");
        }
        JsonNode image = manifest.get(0);
        List<String> tags = JSON.convertValue(image.path("RepoTags"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        JsonNode config = JSON.readTree(member(archive, image.get("Config").asText()));
        Map<String, ImageFile> files = new LinkedHashMap<>();
        for (JsonNode layer : image.get("Layers")) {
            readLayer(archive, layer.asText(), files);
        }
        return new ImageArchive(tags, config, files);
    }

    /** The container configuration: Entrypoint, Cmd, User, WorkingDir, Env... */
    JsonNode containerConfig() {
        return config.path("config");
    }

    private static byte[] member(Path archive, String name) throws IOException {
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().equals(name)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new IOException(archive + " has no " + name);
    }

    private static void readLayer(Path archive, String name, Map<String, ImageFile> files) throws IOException {
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().equals(name)) {
                    InputStream content = new BufferedInputStream(tar);
                    try (TarArchiveInputStream layer = new TarArchiveInputStream(gzipped(content)
                            ? new GZIPInputStream(content) : content)) {
                        for (TarArchiveEntry file; (file = layer.getNextEntry()) != null; ) {
                            String path = normalized(file.getName(), file.isDirectory());
                            files.put(path, new ImageFile(path, file.getMode(), file.getLongUserId(), file.getSize(),
                                    file.isSymbolicLink() || file.isLink() ? file.getLinkName() : null,
                                    file.isFile() ? sha256(layer) : null));
                        }
                    }
                    return;
                }
            }
        }
        throw new IOException(archive + " has no layer " + name);
    }

    private static TarArchiveInputStream open(Path archive) throws IOException {
        return new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(archive)));
    }

    private static boolean gzipped(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    /** "/deployments/x", "./deployments/x" and "deployments/x" are one file; directories end in '/'. */
    private static String normalized(String name, boolean directory) {
        String path = name.replaceFirst("^\\./", "").replaceFirst("^/+", "").replaceFirst("/+$", "");
        return "/" + path + (directory && !path.isEmpty() ? "/" : "");
    }

    static String sha256(InputStream in) throws IOException {
        try {
            DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
