package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.ClusterSpec;
import io.kubexm.api.RegistryType;
import io.kubexm.api.RuntimeType;
import io.kubexm.api.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The versions a config gets when it names none are the ones the catalog pins, so every default cluster downloads verified. */
class DefaultVersionsTest {
    private static final String MINIMAL = """
            apiVersion: kubexm.io/v1alpha1
            kind: Cluster
            metadata: {name: d}
            spec:
              hosts:
                - {name: m1, address: 10.0.0.11, password: x}
                - {name: m2, address: 10.0.0.12, password: x, arch: arm64}
              roleGroups:
                etcd: [m1]
                master: [m1]
                worker: [m1, m2]
            """;
    private final Catalog catalog = Catalog.builtIn();

    @Test
    void apiDefaultsAreTheCatalogVersions() {
        ClusterSpec s = ClusterConfigs.parse(MINIMAL).spec();
        assertThat(s.kubernetes().version()).isEqualTo(catalog.version("kubernetes"));
        assertThat(s.etcd().version()).isEqualTo(catalog.version("etcd"));
        assertThat(s.registry().harbor().version()).isEqualTo(catalog.version("harbor"));
        for (RuntimeType t : RuntimeType.values()) {
            if (t != RuntimeType.ISULAD) { // iSulad is an OS package: the OS repository decides its version
                assertThat(t.defaultVersion()).as(t.yaml()).isEqualTo(catalog.version(t.yaml()));
            }
        }
    }

    @Test
    void everyRuntimeAndRegistryTypeDownloadsOnlyVerifiableFiles() {
        for (RuntimeType runtime : RuntimeType.values()) {
            for (RegistryType registry : RegistryType.values()) {
                boolean hosted = registry == RegistryType.REGISTRY || registry == RegistryType.HARBOR;
                ClusterConfig c = ClusterConfigs.parse(MINIMAL + (hosted ? "    registry: [m1]\n" : "")
                        + "  runtime: {type: " + runtime.yaml() + "}\n"
                        + "  registry: {type: " + registry.yaml() + ", harbor: {adminPassword: h}"
                        + (registry == RegistryType.EXTERNAL ? ", privateRegistry: reg.example:5000" : "") + "}\n");
                assertVerifiable(runtime.yaml() + "/" + registry.yaml(), c);
            }
        }
    }

    @Test
    void everyTopologyDownloadsOnlyVerifiableFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../examples/topologies"))) {
            List<Path> configs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(configs).hasSizeGreaterThanOrEqualTo(21);
            for (Path f : configs) {
                assertVerifiable(f.getFileName().toString(), ClusterConfigs.load(f));
            }
        }
    }

    private void assertVerifiable(String what, ClusterConfig c) {
        Bom bom = new BomCalculator(catalog, Zone.DEFAULT).compute(ClusterBom.request(c, List.of()));
        assertThat(bom.files()).as(what).noneMatch(f -> f.verification() instanceof Verification.Unknown);
    }
}
