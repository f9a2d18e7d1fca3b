package io.kubexm.cli;

import io.kubexm.api.Arch;
import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Topology;
import io.kubexm.api.Validation;
import io.kubexm.api.YamlEnum;
import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.BomCalculator;
import io.kubexm.artifacts.BundleCheck;
import io.kubexm.artifacts.Catalog;
import io.kubexm.artifacts.ClusterBom;
import io.kubexm.artifacts.Dist;
import io.kubexm.artifacts.Downloader;
import io.kubexm.artifacts.Jmods;
import io.kubexm.artifacts.Mirror;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dist", mixinStandardHelpOptions = true, description = {
        "Write kubexm-dist-<version>-<arch>.tar.gz for the air-gapped control node: the kubexm CLI, a jlink Java",
        "runtime for that node's arch, build/packages with bom.json, and SHA256SUMS of every file.",
        "A runtime for another arch than the JDK's is linked from that arch's jmods: --jdk-jmods, or the",
        "catalog's jdk-jmods archive (Temurin's), downloaded and verified once into build/cache/jdk.",
        "Refuses while the bundle lacks anything the cluster needs (see kubexm download --check)."})
final class DistCommand implements Callable<Integer> {
    @Mixin
    ClusterFileOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", paramLabel = "ARCH", description = "The control node's architecture (default: this machine's).")
    Optional<String> arch = Optional.empty();

    @Option(names = "--jdk", paramLabel = "DIR", description = "The JDK whose jlink links the runtime (default: the running one).")
    Optional<Path> jdk = Optional.empty();

    @Option(names = "--jdk-jmods", paramLabel = "DIR", description = "jmods for --arch of the JDK's feature release"
            + " (default for another arch: the catalog's jdk-jmods archive).")
    Optional<Path> jmodsDir = Optional.empty();

    @Option(names = "--mirror", paramLabel = "BASE", description = "Fetch the jmods archive https://HOST/PATH from BASE/HOST/PATH.")
    Optional<String> mirror = Optional.empty();

    @Option(names = "--os", split = ",", paramLabel = "OS", description = "Node operating systems whose package repositories must be in the bundle.")
    List<String> oses = new ArrayList<>();

    @Option(names = "--packages", defaultValue = "build/packages", paramLabel = "DIR", description = "Bundle directory (default: ${DEFAULT-VALUE}).")
    Path packages;

    @Option(names = "--versions", paramLabel = "FILE", description = "The versions file the bundle was downloaded with.")
    Optional<Path> versionsFile = Optional.empty();

    @Option(names = "--cli-jar", paramLabel = "FILE", description = "The kubexm jar to bundle, its lib/ beside it (default: the running one).")
    Optional<Path> cliJarOption = Optional.empty();

    @Option(names = "--output", defaultValue = ".", paramLabel = "DIR", description = "Where to write the archive (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ClusterConfig> config = ConfigFiles.validate(cluster.path(), err).flatMap(Validation::config);
        if (config.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        Bom bom;
        Arch target;
        try {
            bom = new BomCalculator(Catalog.load(versionsFile), ClusterBom.zone(config.get(), System.getenv("KXZONE")))
                    .compute(ClusterBom.request(config.get(), oses), packages); // with the images its manifests name
            target = arch.isPresent() ? YamlEnum.parse(Arch.class, "--arch", arch.get()) : thisMachine();
        } catch (IllegalArgumentException e) {
            err.println("kubexm dist: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        String namespace = config.get().spec().registry().namespaceOverride();
        BundleCheck.Result check = BundleCheck.check(bom, packages, Topology.of(config.get()).registryEndpoint(),
                Optional.of(namespace).filter(n -> !n.isBlank()));
        if (!check.ok()) {
            err.println("kubexm dist: the bundle in " + packages + " lacks what cluster " + config.get().name() + " needs:");
            check.missing().forEach(m -> err.println("  - " + m));
            err.println("run kubexm download --cluster=" + config.get().name() + " first");
            return Main.EXIT_RUN_FAILED;
        }
        Path cliJar;
        try {
            cliJar = cliJarOption.isPresent() ? cliJarOption.get() : cliJar();
        } catch (IllegalArgumentException e) {
            err.println("kubexm dist: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        Path javaHome = jdk.orElse(Path.of(System.getProperty("java.home")));
        if (!Files.isExecutable(javaHome.resolve("bin/jlink"))) {
            err.println("kubexm dist: " + javaHome + " has no jlink (a runtime, not a JDK): pass --jdk DIR");
            return Main.EXIT_INVALID;
        }
        Optional<Path> jmods;
        try {
            jmods = jmods(javaHome, target, out);
        } catch (IllegalArgumentException | IOException e) {
            err.println("kubexm dist: " + Mirror.redact(e.getMessage()));
            err.println("give the " + target.yaml() + " jmods with --jdk-jmods DIR (a JDK's jmods/, or Temurin's"
                    + " OpenJDK<N>U-jmods_<arch>_linux_hotspot_*.tar.gz unpacked), or a --mirror that has the archive");
            return e instanceof IOException ? Main.EXIT_RUN_FAILED : Main.EXIT_INVALID;
        }
        Path scratch = Files.createTempDirectory("kubexm-dist");
        try {
            Path archive = Dist.build(new Dist.Request(cliJar, packages, javaHome, target, version(), output, jmods), scratch);
            out.println("wrote " + archive + " (" + Files.size(archive) + " bytes); check it with kubexm verify-dist " + archive);
            return Main.EXIT_OK;
        } catch (IllegalArgumentException e) {
            err.println("kubexm dist: " + e.getMessage());
            return Main.EXIT_INVALID;
        } finally {
            try (var walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The operator's jmods; for another arch than the JDK's, else the catalog's archive, fetched once into build/cache/jdk. */
    private Optional<Path> jmods(Path javaHome, Arch target, PrintWriter out) throws IOException {
        if (jmodsDir.isPresent()) {
            return Optional.of(Jmods.locate(jmodsDir.get()));
        }
        if (Dist.jdkArch(javaHome) == target) {
            return Optional.empty();
        }
        Mirror m = mirror.map(Mirror::of).orElse(Mirror.none());
        Path cache = packages.toAbsolutePath().getParent().resolve("cache/jdk");
        Path dir = Jmods.fetch(Catalog.load(versionsFile), target, Downloader.Options.defaults().withMirror(m), cache);
        out.println("linking the " + target.yaml() + " runtime from " + dir);
        return Optional.of(dir);
    }

    private static Arch thisMachine() {
        String name = System.getProperty("os.arch");
        return Arch.reported(name).orElseThrow(() -> new IllegalArgumentException(
                "this machine is " + name + ", not amd64 or arm64: pass --arch for the control node"));
    }

    private static Path cliJar() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p) || !p.toString().endsWith(".jar")) {
                throw new IllegalArgumentException("kubexm runs from " + p + ", not from its jar: use ./kubexm dist"
                        + " or pass --cli-jar");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot locate the kubexm jar: " + e.getMessage(), e);
        }
    }

    private static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = DistCommand.class.getResourceAsStream("/kubexm-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p.getProperty("version", "unknown");
    }
}
