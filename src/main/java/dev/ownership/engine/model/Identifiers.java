package dev.ownership.engine.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** PostgreSQL silently truncates names longer than 63 bytes; names we derive must never rely on that. */
public final class Identifiers {
    public static final int MAX_BYTES = 63;

    private Identifiers() {
    }

    public static boolean fits(String name) {
        return bytes(name) <= MAX_BYTES;
    }

    /** Length in UTF-8, the server encoding PostgreSQL counts the limit in. */
    public static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The name itself when it fits, else a prefix of it plus a short hash of the whole, so it stays unique. */
    public static String derived(String name) {
        if (fits(name)) {
            return name;
        }
        String suffix = "_" + shortHash(name);
        StringBuilder prefix = new StringBuilder();
        for (int cp : name.codePoints().toArray()) {
            String next = prefix + new String(Character.toChars(cp));
            if (!fits(next + suffix)) {
                break;
            }
            prefix.setLength(0);
            prefix.append(next);
        }
        return prefix + suffix;
    }

    public static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
