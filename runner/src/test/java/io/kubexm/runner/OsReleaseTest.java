package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /etc/os-release as the distributions kubexm supports ship it. */
class OsReleaseTest {
    @Test
    void rocky9() {
        String text = """
                NAME="Rocky Linux"
                VERSION="9.3 (Blue Onyx)"
                ID="rocky"
                ID_LIKE="rhel centos fedora"
                VERSION_ID="9.3"
                PLATFORM_ID="platform:el9"
                PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
                ANSI_COLOR="0;32"
                LOGO="fedora-logo-icon"
                CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
                HOME_URL="https://rockylinux.org/"
                BUG_REPORT_URL="https://bugs.rockylinux.org/"
                SUPPORT_END="2032-05-31"
                ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
                ROCKY_SUPPORT_PRODUCT_VERSION="9.3"
                REDHAT_SUPPORT_PRODUCT="Rocky Linux"
                REDHAT_SUPPORT_PRODUCT_VERSION="9.3"
                """;
        assertThat(OsRelease.parse(text)).isEqualTo(new OsRelease("rocky", "9.3"));
    }

    @Test
    void ubuntu2204() {
        String text = """
                PRETTY_NAME="Ubuntu 22.04.4 LTS"
                NAME="Ubuntu"
                VERSION_ID="22.04"
                VERSION="22.04.4 LTS (Jammy Jellyfish)"
                VERSION_CODENAME=jammy
                ID=ubuntu
                ID_LIKE=debian
                HOME_URL="https://www.ubuntu.com/"
                SUPPORT_URL="https://help.ubuntu.com/"
                BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
                PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
                UBUNTU_CODENAME=jammy
                """;
        assertThat(OsRelease.parse(text)).isEqualTo(new OsRelease("ubuntu", "22.04"));
    }

    @Test
    void almaLinux() {
        String text = """
                NAME="AlmaLinux"
                VERSION="9.4 (Seafoam Ocelot)"
                ID="almalinux"
                ID_LIKE="rhel centos fedora"
                VERSION_ID="9.4"
                PLATFORM_ID="platform:el9"
                PRETTY_NAME="AlmaLinux 9.4 (Seafoam Ocelot)"
                ANSI_COLOR="0;34"
                LOGO="fedora-logo-icon"
                CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
                HOME_URL="https://almalinux.org/"
                DOCUMENTATION_URL="https://wiki.almalinux.org/"
                BUG_REPORT_URL="https://bugs.almalinux.org/"
                """;
        assertThat(OsRelease.parse(text)).isEqualTo(new OsRelease("almalinux", "9.4"));
    }

    @Test
    void centos7WithBlankLineAtTheEnd() {
        String text = """
                NAME="CentOS Linux"
                VERSION="7 (Core)"
                ID="centos"
                ID_LIKE="rhel fedora"
                VERSION_ID="7"
                PRETTY_NAME="CentOS Linux 7 (Core)"
                ANSI_COLOR="0;31"
                CPE_NAME="cpe:/o:centos:centos:7"
                HOME_URL="https://www.centos.org/"
                BUG_REPORT_URL="https://bugs.centos.org/"

                CENTOS_MANTISBT_PROJECT="CentOS-7"
                CENTOS_MANTISBT_PROJECT_VERSION="7"
                REDHAT_SUPPORT_PRODUCT="centos"
                REDHAT_SUPPORT_PRODUCT_VERSION="7"

                """;
        assertThat(OsRelease.parse(text)).isEqualTo(new OsRelease("centos", "7"));
    }

    @Test
    void kylinV10() {
        String text = """
                NAME="Kylin Linux Advanced Server"
                VERSION="V10 (Lance)"
                ID="kylin"
                VERSION_ID="V10"
                PRETTY_NAME="Kylin Linux Advanced Server V10 (Lance)"
                ANSI_COLOR="0;31"
                """;
        assertThat(OsRelease.parse(text)).isEqualTo(new OsRelease("kylin", "V10"));
    }

    @Test
    void quotingCommentsAndDefaults() {
        assertThat(OsRelease.parse("# comment\nID='debian'\nVERSION_ID=\"12 \\\"x\\\"\"\n")).isEqualTo(new OsRelease("debian", "12 \"x\""));
        assertThat(OsRelease.parse("")).isEqualTo(new OsRelease("linux", "unknown"));
    }
}
