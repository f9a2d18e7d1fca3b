package io.kubexm.ops.nodeprep;

import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;
import io.kubexm.runner.ManagedBlock;

/** A block kubexm owns inside a file it does not ({@code /etc/hosts}, {@code /etc/resolv.conf}); the rest stays as it was. */
public record ManagedBlockStep(String name, String path, String block, BlockContent content) implements Undoable {

    @Override
    public String describe() {
        return "block '" + block + "' in " + path + (content instanceof BlockContent.Built b ? " from " + b.file().getFileName() + " of the build" : "");
    }

    @Override
    public Object inputs() {
        return java.util.List.of(name, path, block, content.toString()); // a built block counts by its text
    }

    @Override
    public boolean check(StepContext ctx) {
        String current = Node.of(ctx).runner().files().read(path).orElse("");
        return ManagedBlock.apply(current, block, content.text(), ctx.host().name() + ":" + path).equals(current);
    }

    @Override
    public void apply(StepContext ctx) {
        Node.of(ctx).runner().blocks().ensure(path, block, content.text());
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).runner().blocks().remove(path, block);
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).runner().files().read(path).orElse("").contains(ManagedBlock.begin(block));
    }
}
