package dev.ownership.gitops;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * docs/argocd/health.lua run the way Argo CD runs a resource health check: the live object as the global
 * {@code obj}, the script's return value as the verdict.
 */
public final class ArgoCdHealth {
    public static final Path SCRIPT = Path.of("docs/argocd/health.lua");

    /** @param status Healthy, Progressing, Suspended or Degraded */
    public record Verdict(String status, String message) {
    }

    private ArgoCdHealth() {
    }

    public static String script() {
        try {
            return Files.readString(SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Verdict of(Map<String, Object> object) {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(object));
        LuaValue result = globals.load(script(), SCRIPT.toString()).call();
        return new Verdict(result.get("status").tojstring(), result.get("message").optjstring(null));
    }

    /** JSON as Argo CD hands it to Lua: objects and arrays become tables (arrays 1-based), numbers numbers. */
    private static LuaValue lua(Object json) {
        if (json instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((key, value) -> table.set(key.toString(), lua(value)));
            return table;
        }
        if (json instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, lua(list.get(i)));
            }
            return table;
        }
        if (json instanceof Number number) {
            return LuaValue.valueOf(number.doubleValue());
        }
        if (json instanceof Boolean bool) {
            return LuaValue.valueOf(bool);
        }
        return json == null ? LuaValue.NIL : LuaValue.valueOf(json.toString());
    }
}
