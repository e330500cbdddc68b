package dev.ownership.engine.catalog;

/** server_version_num as people write it. */
public final class ServerVersion {
    private ServerVersion() {
    }

    /** 150018 is "15.18"; before 10 the number had three parts (90624 is "9.6.24"). */
    public static String text(int serverVersionNum) {
        int major = serverVersionNum / 10_000;
        return major >= 10 ? major + "." + serverVersionNum % 10_000
                : major + "." + serverVersionNum / 100 % 100 + "." + serverVersionNum % 100;
    }
}
