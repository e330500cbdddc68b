package dev.ownership.testing.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS to the process node's kubelet port from the files the local control plane gives the API
 * server ({@code <kube.cluster.dir>/kubelet-pki}): trusting the node's certificate, with or without
 * the API server's client certificate.
 */
public final class KubeletClient {

  private static final char[] NO_PASSWORD = new char[0];

  private KubeletClient() {
  }

  public static SSLContext anonymous(Path pki) throws IOException, GeneralSecurityException {
    return context(pki, null);
  }

  public static SSLContext asApiServer(Path pki) throws IOException, GeneralSecurityException {
    return withClientCertificateOf(pki, pki);
  }

  /** Presents the API server's client certificate and key as {@code clientPki} has them (another's, say). */
  static SSLContext withClientCertificateOf(Path pki, Path clientPki) throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("kube-apiserver", privateKey(clientPki.resolve("apiserver-kubelet-client.key")), NO_PASSWORD,
        new Certificate[] {certificate(clientPki.resolve("apiserver-kubelet-client.crt"))});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, NO_PASSWORD);
    return context(pki, keyManagers);
  }

  private static SSLContext context(Path pki, KeyManagerFactory keyManagers) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("kubelet", certificate(pki.resolve("kubelet.crt")));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static Certificate certificate(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file); PEMParser parser = new PEMParser(in)) {
      Object key = parser.readObject();
      var converter = new JcaPEMKeyConverter();
      return key instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
          : converter.getPrivateKey((PrivateKeyInfo) key);
    }
  }
}
