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
    private static final Pattern PREFIX = Pattern.compile("(?:jdbc:postgresql|postgres|postgresql)://(.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CREDENTIAL_PARAM = Pattern.compile("[?&](user|password)=", Pattern.CASE_INSENSITIVE);
    /**
     * host[:port][,host[:port]...], IPv6 in brackets: anything else is a mangled URL, which messages never show
     * (a colon elsewhere is user info without its @, and maybe a password).
     */
    private static final Pattern HOSTS = Pattern.compile(
            "(?:\\[[0-9A-Fa-f:.%]+\\]|[A-Za-z0-9._\\-%]+)(?::[0-9]+)?(?:,(?:\\[[0-9A-Fa-f:.%]+\\]|[A-Za-z0-9._\\-%]+)(?::[0-9]+)?)*");
    private static final Pattern HOST_PATH_QUERY = Pattern.compile("([^/?]*)(?:/([^?]*))?(?:\\?(.*))?",
            Pattern.DOTALL);

    /** Empty when the text is not a PostgreSQL URL; the caller says so without echoing it (it may hold a password). */
    public static Optional<PostgresUrl> parse(String text) {
        try {
            return split(text);
        } catch (IllegalArgumentException e) { // a bad %-escape; its message quotes the text
            return Optional.empty();
        }
    }

    private static Optional<PostgresUrl> split(String text) {
        Matcher prefixed = PREFIX.matcher(text.trim());
        if (!prefixed.matches()) {
            return Optional.empty();
        }
        // the last @ ends the user info: people paste passwords with @, / or ? left unencoded, and what is
        // left of one must not end up in the host that messages show; an @ in ?user= or ?password= is not it
        String rest = prefixed.group(1);
        int query = rest.indexOf('?');
        int at = rest.lastIndexOf('@');
        if (query >= 0 && at > query && CREDENTIAL_PARAM.matcher(rest.substring(query)).find()) {
            at = rest.lastIndexOf('@', query);
        }
        Matcher m = HOST_PATH_QUERY.matcher(rest.substring(at + 1));
        if (!m.matches() || !HOSTS.matcher(m.group(1)).matches()) {
            return Optional.empty();
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (at >= 0) {
            String[] userInfo = rest.substring(0, at).split(":", 2);
            user = Optional.of(decode(userInfo[0])).filter(u -> !u.isEmpty());
            password = userInfo.length > 1 ? Optional.of(decode(userInfo[1])) : Optional.empty();
        }
        List<String> kept = new ArrayList<>();
        if (m.group(3) != null) {
            for (String param : m.group(3).split("&")) {
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
        String hostAndDatabase = m.group(1) + "/" + (m.group(2) == null ? "" : m.group(2));
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
