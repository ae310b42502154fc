package org.lienthong.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator account of a node (Hawtio, Jolokia, admin API). The password comes from configuration or the
 * environment; when none is set a random one is generated and logged once, so no default password exists.
 * Only a SHA-256 of the password is kept in memory, compared in constant time.
 */
public final class OpsAccount {

    private static final Logger log = LoggerFactory.getLogger(OpsAccount.class);

    private final String username;
    private final byte[] passwordHash;

    public OpsAccount(String username, String configuredPassword) {
        this.username = username;
        String password = configuredPassword;
        if (password == null || password.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("No lienthong.ops.password set: generated operator password for user '{}': {}  "
                    + "(set LIENTHONG_OPS_PASSWORD to choose one; this line is logged once)", username, password);
        }
        this.passwordHash = sha256(password);
    }

    public String username() {
        return username;
    }

    public boolean matches(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(sha256(user), sha256(username));
        boolean passwordOk = MessageDigest.isEqual(sha256(password), passwordHash);
        return userOk & passwordOk;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
