package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {
    @Test
    void aes128GoesJustBeforeItsAes256Counterpart() {
        String[] in = {
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
        };
        String[] out = {
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
        };
        assertArrayEquals(out, TlsSettings.preferAes128(in));
    }

    @Test
    void theServersEngineOrdersItsSuitesSoAndHasItsOrderWin() throws Exception {
        TlsSettings t = new TlsSettings(() -> {
            try {
                return SSLContext.getDefault();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        javax.net.ssl.SSLParameters p = t.newStage().engine().getSSLParameters();
        java.util.List<String> suites = Arrays.asList(p.getCipherSuites());
        assertEquals(true, p.getUseCipherSuitesOrder());
        assertEquals(true, suites.indexOf("TLS_AES_128_GCM_SHA256") < suites.indexOf("TLS_AES_256_GCM_SHA384"));
        t.preferAes128 = false;
        java.util.List<String> plain = Arrays.asList(t.newStage().engine().getSSLParameters().getCipherSuites());
        assertEquals(Arrays.asList(SSLContext.getDefault().createSSLEngine().getSSLParameters().getCipherSuites()), plain);
    }
}
