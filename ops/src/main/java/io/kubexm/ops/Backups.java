package io.kubexm.ops;

import static io.kubexm.connector.Shell.quote;

/**
 * Shell fragments that keep a node's original of a file under {@link Node#BACKUP_DIR} the first
 * time kubexm changes it, and put it back on revert. The first original wins: a second run never
 * overwrites it with kubexm's own version.
 */
public final class Backups {
    private Backups() {
    }

    public static String location(String path) {
        return Node.BACKUP_DIR + "/" + path.substring(1).replace('/', '%');
    }

    /** Saves {@code path} unless a backup exists; a missing original is recorded as such. */
    public static String save(String path) {
        String b = quote(location(path));
        return "mkdir -p " + Node.BACKUP_DIR + " && chmod 0700 " + Node.BACKUP_DIR + " && "
                + "{ [ -e " + b + " ] || [ -e " + b + ".absent ] || { if [ -e " + quote(path) + " ]; then cp -a " + quote(path)
                + " " + b + "; else touch " + b + ".absent; fi; }; }";
    }

    /** Restores {@code path} from its backup (removing it if it did not exist) and drops the backup. */
    public static String restore(String path) {
        String b = quote(location(path));
        return "if [ -e " + b + " ]; then cp -a " + b + " " + quote(path) + " && rm -f " + b + "; "
                + "elif [ -e " + b + ".absent ]; then rm -f " + quote(path) + " " + b + ".absent; fi";
    }

    /** A shell condition: true while a backup of {@code path} is kept. */
    public static String exists(String path) {
        String b = quote(location(path));
        return "{ [ -e " + b + " ] || [ -e " + b + ".absent ]; }";
    }
}
