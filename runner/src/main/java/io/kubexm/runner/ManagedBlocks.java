package io.kubexm.runner;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.FileOptions;
import java.util.Optional;

/** {@link ManagedBlock}s in files on a node; the file keeps its mode and owner. */
public final class ManagedBlocks {
    private final Connector node;
    private final RemoteFiles files;

    public ManagedBlocks(Connector node) {
        this.node = node;
        this.files = new RemoteFiles(node);
    }

    /** Puts {@code content} into block {@code name} of {@code path} (created 0644 when missing). */
    public Change ensure(String path, String name, String content) {
        Names.word(name, "block name");
        String current = files.read(path).orElse("");
        String wanted = ManagedBlock.apply(current, name, content, where(path));
        return wanted.equals(current) ? Change.UNCHANGED : files.write(path, wanted, keepAttributes(path));
    }

    /** Removes block {@code name} from {@code path}; unchanged when there is none (or no file). */
    public Change remove(String path, String name) {
        Optional<String> current = files.read(path);
        if (current.isEmpty()) {
            return Change.UNCHANGED;
        }
        String wanted = ManagedBlock.remove(current.get(), name, where(path));
        return wanted.equals(current.get()) ? Change.UNCHANGED : files.write(path, wanted, keepAttributes(path));
    }

    private FileOptions keepAttributes(String path) {
        String stat = node.exec(Command.sudo("stat -c '%a %U:%G' " + quote(path) + " 2>/dev/null").asIdempotent()).stdout().strip();
        if (stat.isEmpty()) {
            return FileOptions.defaults();
        }
        String[] modeOwner = stat.split(" ");
        return new FileOptions(String.format("%04o", Integer.parseInt(modeOwner[0], 8)), Optional.of(modeOwner[1]), true);
    }

    private String where(String path) {
        return node.host().name() + ":" + path;
    }
}
