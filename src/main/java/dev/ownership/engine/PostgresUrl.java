package dev.ownership.engine;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database URL as people paste it (jdbc:postgresql://, postgres:// or postgresql://, with user:password@ or
 * ?user=&password=), split into a jdbc:postgresql URL without credentials plus the user and password, which
 * travel as connection properties only. {@link #display()} is the part a message may show.
 */
public record PostgresUrl(String jdbcUrl, Optional<String> user, Optional<String> password, String display) {
    private static final Pattern URL = Pattern.compile(
            "(?:jdbc:postgresql|postgres|postgresql)://(?:([^@/?]*)@)?([^/?]*)(?:/([^?]*))?(?:\\?(.*))?",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** Empty when the text is not a PostgreSQL URL; the caller says so without echoing it (it may hold a password). */
    public static Optional<PostgresUrl> parse(String text) {
        try {
            return split(text);
        } catch (IllegalArgumentException e) { // a bad %-escape; its message quotes the text
            return Optional.empty();
        }
    }

    private static Optional<PostgresUrl> split(String text) {
        Matcher m = URL.matcher(text.trim());
        if (!m.matches() || m.group(2).isEmpty()) {
            return Optional.empty();
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (m.group(1) != null) {
            String[] userInfo = m.group(1).split(":", 2);
            user = Optional.of(decode(userInfo[0])).filter(u -> !u.isEmpty());
            password = userInfo.length > 1 ? Optional.of(decode(userInfo[1])) : Optional.empty();
        }
        List<String> kept = new ArrayList<>();
        if (m.group(4) != null) {
            for (String param : m.group(4).split("&")) {
                String name = param.split("=", 2)[0];
                String value = param.contains("=") ? decode(param.substring(param.indexOf('=') + 1)) : "";
                if (name.equalsIgnoreCase("password")) {
                    password = Optional.of(value);
                } else if (name.equalsIgnoreCase("user")) {
                    user = user.or(() -> Optional.of(value));
                } else if (!param.isEmpty()) {
                    kept.add(param);
                }
            }
        }
        String hostAndDatabase = m.group(2) + "/" + (m.group(3) == null ? "" : m.group(3));
        return Optional.of(new PostgresUrl("jdbc:postgresql://" + hostAndDatabase
                + (kept.isEmpty() ? "" : "?" + String.join("&", kept)), user, password, hostAndDatabase));
    }

    /** Percent-decoding as in URLs ('+' stays a plus: this is not a form). */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Never the password, whatever prints this record. */
    @Override
    public String toString() {
        return display;
    }
}
