package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.lab.LabNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** What {@code kubexm lab demo} prints, checked without a lab: each printed command must parse as kubexm parses it. */
class LabDemoCommandTest {
    private static final LabNode FIRST = new LabNode("node1", "172.29.9.2", "kxl-try-node1", "vb-try-node1");

    private static ParseResult leaf(List<String> args) {
        ParseResult r = Main.commandLine().parseArgs(args.toArray(String[]::new));
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r;
    }

    @Test
    void everyPrintedCommandParsesAndNamesTheDemoLab() {
        List<LabDemoCommand.Hint> hints = LabDemoCommand.nextSteps("try", FIRST, Path.of("conf/try/cluster.yaml"));
        assertThat(hints).extracting(h -> h.args().getFirst()).contains("lab", "backup", "plan", "delete");
        for (LabDemoCommand.Hint h : hints) {
            ParseResult leaf = leaf(h.args());
            assertThat(leaf.unmatched()).as(h.what()).isEmpty();
            String name = leaf.hasMatchedOption("--name") ? leaf.matchedOptionValue("--name", "")
                    : leaf.hasMatchedOption("--cluster") ? leaf.matchedOptionValue("--cluster", "")
                    : leaf.matchedPositionalValue(0, "");
            assertThat(name).as(h.what()).isEqualTo("try");
        }
    }

    @Test
    void aConfDirElsewhereIsNamedByFileInTheClusterCommands() {
        Path elsewhere = Path.of("/srv/labs/try/cluster.yaml");
        List<LabDemoCommand.Hint> hints = LabDemoCommand.nextSteps("try", FIRST, elsewhere);
        List<LabDemoCommand.Hint> cluster = hints.stream().filter(h -> !h.args().getFirst().equals("lab")).toList();
        assertThat(cluster).hasSize(3).allSatisfy(h -> {
            ParseResult leaf = leaf(h.args());
            assertThat(leaf.unmatched()).as(h.what()).isEmpty();
            assertThat(leaf.<Path>matchedOptionValue("--file", Path.of(""))).as(h.what()).isEqualTo(elsewhere);
        });
    }

    @Test
    void theLabIsRemovedByNameNotByAPositionalArgument() {
        LabDemoCommand.Hint down = LabDemoCommand.nextSteps("try", FIRST, Path.of("conf/try/cluster.yaml")).getLast();
        assertThat(leaf(down.args()).commandSpec().name()).isEqualTo("down");
        assertThat(String.join(" ", down.args())).isEqualTo("lab down --name=try");
    }

    @Test
    void demoTakesANameDefaultingToDemo() {
        assertThat(leaf(List.of("lab", "demo")).commandSpec().findOption("--name").getValue().toString()).isEqualTo("demo");
        ParseResult named = leaf(List.of("lab", "demo", "--name", "other"));
        assertThat(named.matchedOptionValue("--name", "")).isEqualTo("other");
    }

    @Test
    void theEtcdVersionIsPinnedOnlyInTheLabsEtcdBlock() {
        String lab = "spec:\n  kubernetes:\n    proxyMode: iptables\n    type: kubeadm\n  etcd:\n    type: kubexm\n";
        assertThat(LabDemoCommand.withBundleEtcd(lab, "v3.5.16")).endsWith("  etcd:\n    type: kubexm\n    version: v3.5.16\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabDemoCommand.withBundleEtcd("spec: {}\n", "v3.5.16"))
                .hasMessageContaining("no 'etcd: {type: kubexm}' block");
    }
}
