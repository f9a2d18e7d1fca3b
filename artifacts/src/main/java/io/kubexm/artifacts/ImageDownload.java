package io.kubexm.artifacts;

import io.kubexm.artifacts.oci.ImagePuller;
import io.kubexm.artifacts.oci.OciLayout;
import io.kubexm.artifacts.oci.RegistryClients;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Pulls every image of a bill of materials into {@code build/packages/images}, reporting each outcome. */
public final class ImageDownload {
    public static final String LAYOUT_DIR = "images";

    public record Result(List<ImagePuller.Pulled> pulled, List<String> failures) {
        public Result {
            pulled = List.copyOf(pulled);
            failures = List.copyOf(failures);
        }
    }

    private ImageDownload() {
    }

    /** One image at a time: they share layers, and a registry's rate limit is per client. */
    public static Result pullAll(List<ImageArtifact> images, Path packagesDir, RegistryClients clients,
                                 Consumer<String> progress) throws IOException {
        OciLayout layout = OciLayout.open(packagesDir.resolve(LAYOUT_DIR));
        ImagePuller puller = new ImagePuller(layout, clients::forImage);
        List<ImagePuller.Pulled> pulled = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ImageArtifact image : images) {
            try {
                ImagePuller.Pulled p = puller.pull(image);
                pulled.add(p);
                progress.accept((p.present() ? "present " : "ok      ") + image.reference() + "  " + p.digest()
                        + "  " + String.join(",", p.platforms())
                        + (image.pullFrom().equals(image.reference()) || p.present() ? "" : "  from " + image.pullFrom()));
            } catch (IOException | RuntimeException e) {
                String message = "image " + image.reference() + " (" + image.component()
                        + image.manifest().map(m -> ", named by " + m).orElse("")
                        + (image.pullFrom().equals(image.reference()) ? "" : ", pulled from " + image.pullFrom()) + "): "
                        + e.getMessage();
                failures.add(message);
                progress.accept("FAILED  " + message);
            }
        }
        BundleManifest.recordImages(packagesDir, pulled);
        return new Result(pulled, failures);
    }
}
