package io.kubexm.connector.testing;

import java.nio.file.Path;

/** Client key pairs of every supported kind, made by ssh-keygen in {@code dir}. */
public record TestKeys(Path ed25519, Path rsa, Path rsaPem, Path ecdsa, Path ed25519Encrypted, Path rsaPemEncrypted,
                       String passphrase) {

    public static TestKeys generate(Path dir) {
        String passphrase = "correct horse battery staple";
        return new TestKeys(
                keygen(dir, "id_ed25519", "", "-t", "ed25519"),
                keygen(dir, "id_rsa", "", "-t", "rsa", "-b", "3072"),
                keygen(dir, "id_rsa_pem", "", "-t", "rsa", "-b", "2048", "-m", "PEM"),
                keygen(dir, "id_ecdsa", "", "-t", "ecdsa", "-b", "256"),
                keygen(dir, "id_ed25519_enc", passphrase, "-t", "ed25519"),
                keygen(dir, "id_rsa_pem_enc", passphrase, "-t", "rsa", "-b", "2048", "-m", "PEM"),
                passphrase);
    }

    public java.util.List<Path> all() {
        return java.util.List.of(ed25519, rsa, rsaPem, ecdsa, ed25519Encrypted, rsaPemEncrypted);
    }

    private static Path keygen(Path dir, String name, String passphrase, String... type) {
        Path key = dir.resolve(name);
        String[] cmd = new String[type.length + 6];
        cmd[0] = "ssh-keygen";
        cmd[1] = "-q";
        System.arraycopy(type, 0, cmd, 2, type.length);
        cmd[type.length + 2] = "-N";
        cmd[type.length + 3] = passphrase;
        cmd[type.length + 4] = "-f";
        cmd[type.length + 5] = key.toString();
        TestSshd.Sh.run(cmd);
        return key;
    }
}
