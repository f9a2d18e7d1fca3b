package io.kubexm.api;

import java.util.List;
import java.util.Map;

/** {@code spec.kubernetes}. */
public record KubernetesSpec(
        KubernetesType type,
        String version,
        String clusterName,
        String dnsDomain,
        ProxyMode proxyMode,
        List<String> apiServerCertSANs,
        ExtraArgs extraArgs,
        Map<String, Boolean> featureGates,
        @Range(min = 1, hint = "kubelet's default is 110 pods per node") int maxPods,
        @Range(min = -1, hint = "-1 means no limit; the default is 10000") int podPidsLimit,
        boolean autoRenewCerts,
        Certificates certificates) {

    /** Leaf certificates live 365 days under kubeadm and 10 years under kubexm unless set. */
    public KubernetesSpec {
        if (certificates.validityDays() == 0) {
            certificates = new Certificates(certificates.caValidityDays(), type == KubernetesType.KUBEXM ? 3650 : 365,
                    certificates.keyAlgorithm());
        }
    }

    /** Extra command-line flags per component, {@code flag: value} without the leading dashes. */
    public record ExtraArgs(
            Map<String, String> apiServer,
            Map<String, String> controllerManager,
            Map<String, String> scheduler,
            Map<String, String> kubelet,
            Map<String, String> kubeProxy) {

        static ExtraArgs defaults() {
            return new ExtraArgs(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }
    }

    /** {@code validityDays} 0 stands for "by kubernetes type" until the spec resolves it. */
    public record Certificates(@Range(min = 1, hint = "CAs usually live 3650 days (10 years)") int caValidityDays,
            @Range(min = 1, hint = "365 days is kubeadm's choice; certificates are renewed before they expire")
            @Derived int validityDays,
            KeyAlgorithm keyAlgorithm) {

        static Certificates defaults() {
            return new Certificates(3650, 0, KeyAlgorithm.RSA2048);
        }
    }

    static KubernetesSpec defaults() {
        return new KubernetesSpec(KubernetesType.KUBEADM, "v1.32.4", "cluster.local", "cluster.local", ProxyMode.IPVS,
                List.of(), ExtraArgs.defaults(), Map.of(), 110, 10000, true, Certificates.defaults());
    }
}
