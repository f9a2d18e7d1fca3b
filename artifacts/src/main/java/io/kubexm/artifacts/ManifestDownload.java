package io.kubexm.artifacts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The bill of materials with the images of its manifests and charts: those not yet verified in the
 * bundle are fetched first (small files, verified and recorded in bom.json like every other), so
 * {@code download --list} can print every image and {@code download} pulls them.
 */
public final class ManifestDownload {

    /** @param report the manifests fetched or found present, and those that failed (their images stay pending) */
    public record Result(Bom bom, DownloadReport report) {}

    private ManifestDownload() {
    }

    public static Result fetch(BomCalculator calculator, BomRequest request, Path packagesDir, Downloader downloader)
            throws IOException {
        Bom known = calculator.compute(request, packagesDir);
        List<FileArtifact> pending = known.pending().stream().map(ManifestScan.Pending::manifest).toList();
        if (pending.isEmpty()) {
            return new Result(known, new DownloadReport(List.of(), List.of()));
        }
        DownloadReport report = downloader.download(pending, packagesDir);
        BundleManifest.recordFiles(packagesDir, report);
        return new Result(calculator.compute(request, packagesDir), report);
    }
}
