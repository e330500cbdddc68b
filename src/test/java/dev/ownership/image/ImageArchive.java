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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A {@code docker save} archive, as Jib writes it: manifest.json naming the image's configuration and its layers.
 * The files are those of the image's root file system, the later layers over the earlier ones. Read in one pass
 * (the archive is large, and Jib writes manifest.json last): every layer is read as it comes, and the manifest
 * says at the end which of them the image stacks, in which order.
 */
record ImageArchive(List<String> repoTags, JsonNode config, Map<String, ImageFile> files) {
    /** A file of the root file system; {@code sha256} for regular files (a hard link's its target's), {@code linkName} for symbolic links. */
    record ImageFile(String path, int mode, long uid, String linkName, String sha256) {
        boolean isDirectory() {
            return path.endsWith("/");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Linux's limit on symbolic links followed in one path (ELOOP). */
    private static final int MAX_LINKS = 40;

    static ImageArchive read(Path archive) throws IOException {
        Map<String, byte[]> jsonMembers = new HashMap<>();
        Map<String, Map<String, ImageFile>> layers = new HashMap<>();
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().endsWith(".json")) {
                    jsonMembers.put(entry.getName(), tar.readAllBytes());
                } else if (entry.isFile()) {
                    layers.put(entry.getName(), readLayer(tar));
                }
            }
        }
        JsonNode manifest = JSON.readTree(member(archive, jsonMembers, "manifest.json"));
        if (manifest.size() != 1) {
            throw new IOException(archive + ": manifest.json lists " + manifest.size() + " images, not one");
        }
        JsonNode image = manifest.get(0);
        List<String> tags = JSON.convertValue(image.path("RepoTags"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        JsonNode config = JSON.readTree(member(archive, jsonMembers, image.get("Config").asText()));
        Map<String, ImageFile> files = new LinkedHashMap<>();
        for (JsonNode layer : image.get("Layers")) {
            files.putAll(Optional.ofNullable(layers.get(layer.asText()))
                    .orElseThrow(() -> new IOException(archive + " has no layer " + layer.asText())));
        }
        return new ImageArchive(tags, config, files);
    }

    /** The container configuration: Entrypoint, Cmd, User, WorkingDir, Env... */
    JsonNode containerConfig() {
        return config.path("config");
    }

    /**
     * The file at this absolute path with every symbolic link on the way followed, as the kernel would in a
     * container of the image; empty if there is none. Directories no layer lists are taken as plain directories.
     */
    Optional<ImageFile> resolve(String path) {
        Deque<String> rest = new ArrayDeque<>(List.of(path.split("/")));
        String resolved = "";
        int links = 0;
        while (!rest.isEmpty()) {
            String name = rest.removeFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                resolved = resolved.substring(0, Math.max(0, resolved.lastIndexOf('/')));
                continue;
            }
            String next = resolved + "/" + name;
            ImageFile file = files.get(next);
            if (file == null || file.linkName() == null) {
                resolved = next;
            } else if (++links > MAX_LINKS) {
                return Optional.empty();
            } else {
                List<String> target = List.of(file.linkName().split("/"));
                for (int i = target.size() - 1; i >= 0; i--) {
                    rest.addFirst(target.get(i));
                }
                if (file.linkName().startsWith("/")) { // else from the link's directory, resolved as it is
                    resolved = "";
                }
            }
        }
        String found = resolved;
        return Optional.ofNullable(files.get(found)).or(() -> Optional.ofNullable(files.get(found + "/")));
    }

    private static byte[] member(Path archive, Map<String, byte[]> jsonMembers, String name) throws IOException {
        return Optional.ofNullable(jsonMembers.get(name)).orElseThrow(() -> new IOException(archive + " has no " + name));
    }

    /** The files of one layer, plain or gzipped, from the archive's current member. */
    private static Map<String, ImageFile> readLayer(InputStream member) throws IOException {
        Map<String, ImageFile> files = new LinkedHashMap<>();
        InputStream content = new BufferedInputStream(member);
        // not closed: that would close the archive, whose next members are still to come
        TarArchiveInputStream layer = new TarArchiveInputStream(gzipped(content) ? new GZIPInputStream(content) : content);
        for (TarArchiveEntry file; (file = layer.getNextEntry()) != null; ) {
            String path = normalized(file.getName(), file.isDirectory());
            String linkName = file.isSymbolicLink() ? file.getLinkName() : null;
            String sha256 = file.isLink() ? Optional.ofNullable(files.get(normalized(file.getLinkName(), false)))
                    .map(ImageFile::sha256).orElse(null)
                    : file.isFile() && linkName == null ? sha256(layer) : null;
            files.put(path, new ImageFile(path, file.getMode(), file.getLongUserId(), linkName, sha256));
        }
        return files;
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
