package io.kubexm.cli;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Validation;
import io.kubexm.artifacts.ClusterRegistries;
import io.kubexm.artifacts.ImageDownload;
import io.kubexm.artifacts.oci.ImagePusher;
import io.kubexm.artifacts.oci.OciLayout;
import io.kubexm.artifacts.oci.RegistryClient;
import io.kubexm.artifacts.oci.RegistryConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "push", description = "Push parts of the offline bundle to the cluster's services.",
        subcommands = PushCommand.Images.class)
final class PushCommand {

    @Command(name = "images", mixinStandardHelpOptions = true, description = {
            "Push every image of build/packages/images into the cluster's private registry,",
            "with registry.auths credentials, TLS (registry.tls.caFile / auths caFile) or insecure, and",
            "registry.namespaceOverride. Idempotent: images already there are left alone, blobs never sent twice."})
    static final class Images implements Callable<Integer> {
        @Mixin
        ClusterFileOptions cluster;

        @Spec
        CommandSpec spec;

        @Option(names = "--packages", defaultValue = "build/packages", paramLabel = "DIR",
                description = "Bundle directory (default: ${DEFAULT-VALUE}).")
        Path packages;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<ClusterConfig> config = ConfigFiles.validate(cluster.path(), err).flatMap(Validation::config);
            if (config.isEmpty()) {
                return Main.EXIT_INVALID;
            }
            Optional<RegistryConfig> target = ClusterRegistries.privateRegistry(config.get());
            if (target.isEmpty()) {
                err.println("cluster " + config.get().name() + " has no private registry: set registry.privateRegistry,"
                        + " or give a host the registry role");
                return Main.EXIT_INVALID;
            }
            Path layoutDir = packages.resolve(ImageDownload.LAYOUT_DIR);
            if (!Files.isRegularFile(layoutDir.resolve("index.json"))) {
                err.println("no images in " + layoutDir + ": run kubexm download first");
                return Main.EXIT_INVALID;
            }
            String namespace = config.get().spec().registry().namespaceOverride();
            try {
                OciLayout layout = OciLayout.open(layoutDir);
                ImagePusher pusher = new ImagePusher(layout, new RegistryClient(target.get()),
                        Optional.of(namespace).filter(n -> !n.isBlank()));
                int changed = 0;
                int total = 0;
                for (OciLayout.Entry e : layout.entries()) {
                    ImagePusher.Pushed p = pusher.push(e);
                    total++;
                    if (p.unchanged()) {
                        out.println("unchanged " + p.target());
                    } else {
                        changed++;
                        out.printf("pushed    %s  %s  (%d blobs uploaded, %d mounted, %d already there)%n", p.target(),
                                p.digest(), p.blobsUploaded(), p.blobsMounted(), p.blobsPresent());
                    }
                    out.flush();
                }
                out.println(changed == 0 ? "all " + total + " images already in " + target.get().host() + "; nothing changed"
                        : changed + " of " + total + " images pushed to " + target.get().host());
                return Main.EXIT_OK;
            } catch (IOException e) {
                err.println("push images to " + target.get().host() + " failed: " + e.getMessage());
                return Main.EXIT_RUN_FAILED;
            }
        }
    }
}
