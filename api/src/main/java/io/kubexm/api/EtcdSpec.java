package io.kubexm.api;

import java.util.List;
import java.util.Map;

/** {@code spec.etcd}. */
public record EtcdSpec(
        EtcdType type,
        String version,
        String dataDir,
        Map<String, String> extraArgs,
        External external,
        boolean autoBackupEtcd,
        Backup backup) {

    /** The user's own etcd cluster ({@code type: external} only). */
    public record External(List<String> endpoints, String caFile, String certFile, String keyFile) {
        static External defaults() {
            return new External(List.of(), "", "", "");
        }
    }

    public record Backup(@Range(min = 1, hint = "1440 backs up once a day") int periodMinutes, String dir,
            @Range(min = 1, hint = "the number of backups kept; the default is 7") int keep) {
        static Backup defaults() {
            return new Backup(1440, "/var/backups/kubexm/etcd", 7);
        }
    }

    static EtcdSpec defaults() {
        return new EtcdSpec(EtcdType.KUBEXM, "v3.5.21", "/var/lib/etcd", Map.of(), External.defaults(), true,
                Backup.defaults());
    }
}
