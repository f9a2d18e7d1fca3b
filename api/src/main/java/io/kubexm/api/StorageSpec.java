package io.kubexm.api;

/** {@code spec.storage}: storage provisioners to install. */
public record StorageSpec(LocalPath localPath, OpenEbs openebs, Nfs nfs, RookCeph rookCeph, Longhorn longhorn) {

    public record LocalPath(boolean enabled, String path, boolean defaultClass) {
        static LocalPath defaults() {
            return new LocalPath(true, "/opt/local-path-provisioner", true);
        }
    }

    public record OpenEbs(boolean enabled, String basePath) {
        static OpenEbs defaults() {
            return new OpenEbs(false, "/var/openebs/local");
        }
    }

    public record Nfs(boolean enabled, String server, String path) {
        static Nfs defaults() {
            return new Nfs(false, "", "");
        }
    }

    public record RookCeph(boolean enabled) {
        static RookCeph defaults() {
            return new RookCeph(false);
        }
    }

    public record Longhorn(boolean enabled) {
        static Longhorn defaults() {
            return new Longhorn(false);
        }
    }

    static StorageSpec defaults() {
        return new StorageSpec(LocalPath.defaults(), OpenEbs.defaults(), Nfs.defaults(), RookCeph.defaults(),
                Longhorn.defaults());
    }
}
