package io.kubexm.artifacts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The packages an apt ({@code Packages}) or yum/dnf ({@code repodata/}) repository's index
 * lists, each with its file and sha256, so a bundle check can prove the index is not empty
 * and names real files.
 */
record RepoIndex(List<Entry> entries) {

    /** @param file path relative to the repository directory */
    record Entry(String name, String file, long size, String sha256) {}

    RepoIndex {
        entries = List.copyOf(entries);
    }

    /** The repository's index, or empty when it has none. */
    static Optional<RepoIndex> read(Path repo, String family) throws IOException {
        return family.equals("deb") ? deb(repo) : rpm(repo);
    }

    boolean lists(String name) {
        return entries.stream().anyMatch(e -> e.name().equals(name));
    }

    private static Optional<RepoIndex> deb(Path repo) throws IOException {
        String text;
        if (Files.isRegularFile(repo.resolve("Packages"))) {
            text = Files.readString(repo.resolve("Packages"));
        } else if (Files.isRegularFile(repo.resolve("Packages.gz"))) {
            text = new String(gunzip(Files.readAllBytes(repo.resolve("Packages.gz"))), StandardCharsets.UTF_8);
        } else {
            return Optional.empty();
        }
        return Optional.of(new RepoIndex(packagesFile(text)));
    }

    /** The entries of an apt {@code Packages} file. */
    static List<Entry> packagesFile(String text) {
        List<Entry> out = new ArrayList<>();
        for (String stanza : text.split("\n\\s*\n")) {
            String name = "";
            String file = "";
            String sha = "";
            long size = -1;
            for (String line : stanza.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.startsWith(" ")) {
                    continue;
                }
                String value = line.substring(colon + 1).strip();
                switch (line.substring(0, colon)) {
                    case "Package" -> name = value;
                    case "Filename" -> file = value.startsWith("./") ? value.substring(2) : value;
                    case "SHA256" -> sha = value;
                    case "Size" -> size = Long.parseLong(value);
                    default -> { }
                }
            }
            if (!name.isEmpty()) {
                out.add(new Entry(name, file, size, sha));
            }
        }
        return out;
    }

    private static Optional<RepoIndex> rpm(Path repo) throws IOException {
        Path repomd = repo.resolve("repodata/repomd.xml");
        if (!Files.isRegularFile(repomd)) {
            return Optional.empty();
        }
        try {
            Element root = xml(Files.readAllBytes(repomd));
            String primary = "";
            NodeList data = root.getElementsByTagNameNS("*", "data");
            for (int i = 0; i < data.getLength(); i++) {
                Element d = (Element) data.item(i);
                if (d.getAttribute("type").equals("primary")) {
                    primary = ((Element) d.getElementsByTagNameNS("*", "location").item(0)).getAttribute("href");
                }
            }
            if (primary.isEmpty() || !Files.isRegularFile(repo.resolve(primary))) {
                throw new IOException(repomd + " names no primary metadata file that exists (" + primary + ")");
            }
            return Optional.of(new RepoIndex(primary(Files.readAllBytes(repo.resolve(primary)), primary)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse the metadata of " + repo + ": " + e.getMessage(), e);
        }
    }

    /** The entries of a {@code primary.xml} (gzipped when {@code name} ends in .gz). */
    static List<Entry> primary(byte[] bytes, String name) throws IOException {
        try {
            Element metadata = xml(name.endsWith(".gz") ? gunzip(bytes) : bytes);
            List<Entry> out = new ArrayList<>();
            NodeList packages = metadata.getElementsByTagNameNS("*", "package");
            for (int i = 0; i < packages.getLength(); i++) {
                Element p = (Element) packages.item(i);
                Element checksum = (Element) p.getElementsByTagNameNS("*", "checksum").item(0);
                Element size = (Element) p.getElementsByTagNameNS("*", "size").item(0);
                out.add(new Entry(p.getElementsByTagNameNS("*", "name").item(0).getTextContent(),
                        ((Element) p.getElementsByTagNameNS("*", "location").item(0)).getAttribute("href"),
                        size == null ? -1 : Long.parseLong(size.getAttribute("package")),
                        checksum != null && checksum.getAttribute("type").equals("sha256") ? checksum.getTextContent() : ""));
            }
            return out;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse " + name + ": " + e.getMessage(), e);
        }
    }

    private static Element xml(byte[] bytes) throws ParserConfigurationException, SAXException, IOException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes)).getDocumentElement();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
