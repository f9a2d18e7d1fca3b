package io.kubexm.ops.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterConfigs;
import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.FileArtifact;
import io.kubexm.artifacts.ImageArtifact;
import io.kubexm.artifacts.Mirror;
import io.kubexm.artifacts.PackageSet;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.Pipelines;
import io.kubexm.engine.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the download stage asks of the bundle, and what it finds missing there, item by item. */
class BundleNeedsTest {
    private static final Path ROW2 = Path.of("../examples/topologies/02-kubexm-kubexm-single-nolb.yaml");

    private static BundleDownload bundle(ClusterConfig config, Path dir) {
        return new BundleDownload(new BundleRequest(new BundleRequest.Source.Cluster(config, List.of("debian12"), Map.of()),
                dir, Optional.empty(), Mirror.of("http://127.0.0.1:9/m"), Optional.empty(), 4, BundleRequest.Parts.ALL,
                List.of()));
    }

    @Test
    void theNeedsSelectExactlyTheirPartOfTheBillOfMaterials(@TempDir Path dir) throws Exception {
        ClusterConfig config = ClusterConfigs.validate(ROW2).orThrow();
        String etcd = config.spec().etcd().version();
        BundleNeeds needs = BundleNeeds.files(Set.of(new BundleNeeds.File("etcd", etcd, "amd64")))
                .and(new BundleNeeds(Set.of(), Set.of("pause"), false)).and(BundleNeeds.repositories());
        BundleDownload bundle = bundle(config, dir);
        Bom bom = bundle.bom();

        Bom needed = needs.of(bom);

        assertThat(needed.files()).extracting(FileArtifact::label).singleElement().asString().startsWith("etcd " + etcd + " amd64");
        assertThat(needed.images()).extracting(ImageArtifact::component).containsExactly("pause");
        assertThat(needed.packages()).extracting(PackageSet::relativePath).containsExactly("repos/debian12/amd64");
        assertThat(needs.notIn(bom)).isEmpty();
        assertThat(BundleNeeds.files(Set.of(new BundleNeeds.File("etcd", "v9.9.9", "amd64"))).notIn(bom))
                .containsExactly("file etcd v9.9.9 amd64: not in the bill of materials (the catalog has no such file)");

        Bom missing = bundle.missing(needed);
        assertThat(missing).as("an empty bundle lacks all of it").isEqualTo(needed);
        assertThat(bundle.sources(missing)).containsExactly(
                "http://127.0.0.1:9/m/github.com/etcd-io/etcd/releases/download/" + etcd + "/etcd-" + etcd + "-linux-amd64.tar.gz",
                "https://registry.k8s.io/v2/",
                "http://127.0.0.1:9/m/deb.debian.org/debian");
    }

    @Test
    void theStageAsksForWhatTheLaterModulesTake() throws Exception {
        ClusterConfig config = ClusterConfigs.validate(ROW2).orThrow();
        ClusterInput input = ClusterInput.of(config, ROW2.getParent(), Path.of("build"));
        Plan offline = Pipelines.plan(Pipelines.createCluster(new DownloadPolicy(true, Mirror.none(), Optional.empty(),
                List.of("debian12", "rocky9"))), input);

        assertThat(offline.modules().getFirst().name()).isEqualTo("download");
        assertThat(offline.modules().getFirst().tasks().getFirst().nodes().getFirst().step().describe())
                .isEqualTo("what the run takes from bundle build/packages: etcd " + config.spec().etcd().version()
                        + " amd64, the OS package repositories of debian12,rocky9; offline: anything missing is an error");
    }
}
