package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.connector.testing.TestSshd;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountsTest extends LoopbackNode {
    @Test
    void usersAndGroupsAreCreatedOnceAndRemoved() {
        Accounts accounts = new Accounts(node);
        String suffix = Long.toHexString(System.nanoTime()).substring(6);
        String group = "kxg" + suffix;
        String user = "kxu" + suffix;
        try {
            assertThat(accounts.ensureGroup(group, true)).isEqualTo(Change.CHANGED);
            assertThat(accounts.ensureGroup(group, true)).isEqualTo(Change.UNCHANGED);
            assertThat(accounts.ensureUser(Accounts.User.service(user))).isEqualTo(Change.CHANGED);
            assertThat(accounts.ensureUser(Accounts.User.service(user))).isEqualTo(Change.UNCHANGED);
            Accounts.User withGroup = new Accounts.User(user, true, Optional.empty(), "/sbin/nologin", List.of(group));
            assertThat(accounts.ensureUser(withGroup)).isEqualTo(Change.CHANGED);
            assertThat(accounts.ensureUser(withGroup)).isEqualTo(Change.UNCHANGED);
            assertThat(TestSshd.Sh.run("id", "-nG", user)).contains(group);
            assertThat(TestSshd.Sh.run("getent", "passwd", user)).endsWith(":/sbin/nologin\n");
        } finally {
            assertThat(accounts.removeUser(user)).isEqualTo(Change.CHANGED);
            assertThat(accounts.removeUser(user)).isEqualTo(Change.UNCHANGED);
            assertThat(accounts.removeGroup(group)).isEqualTo(Change.CHANGED);
            assertThat(accounts.groupExists(group)).isFalse();
        }
    }
}
