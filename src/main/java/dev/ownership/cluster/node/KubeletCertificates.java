package dev.ownership.cluster.node;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS between the API server and the node's kubelet port, both ways: the node's serving
 * certificate (self-signed, for 127.0.0.1 and the node's name), which the API server trusts through
 * {@code --kubelet-certificate-authority}, and the client certificate the API server presents
 * ({@code --kubelet-client-certificate}), the only one the node accepts. A real kubelet accepts any
 * certificate of its client CA and asks the API server (SubjectAccessReview) whether that user may
 * read {@code nodes/proxy}; here only the API server can be the caller, so its certificate is the check.
 */
public final class KubeletCertificates {

  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final char[] NO_PASSWORD = new char[0];

  private final KeyPairAndCertificate serving;
  private final KeyPairAndCertificate apiServer;
  private final Path dir;

  private record KeyPairAndCertificate(KeyPair key, X509Certificate certificate) {
  }

  private KubeletCertificates(KeyPairAndCertificate serving, KeyPairAndCertificate apiServer, Path dir) {
    this.serving = serving;
    this.apiServer = apiServer;
    this.dir = dir;
  }

  /** New key pairs and certificates; the files the API server reads go to {@code dir}. */
  public static KubeletCertificates create(Path dir) {
    try {
      var serving = selfSigned("CN=" + ProcessNode.NAME, KeyPurposeId.id_kp_serverAuth,
          new GeneralName(GeneralName.iPAddress, ProcessNode.ADDRESS), new GeneralName(GeneralName.dNSName, ProcessNode.NAME));
      var apiServer = selfSigned("CN=kube-apiserver-kubelet-client", KeyPurposeId.id_kp_clientAuth);
      var certificates = new KubeletCertificates(serving, apiServer, Files.createDirectories(dir));
      certificates.write();
      return certificates;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Could not make the kubelet's certificates", e);
    }
  }

  /** The kube-apiserver flags with which it reaches and trusts the node's kubelet port, and is trusted by it. */
  public Map<String, String> apiServerFlags() {
    return Map.of(
        "--kubelet-certificate-authority", servingCertificateFile().toString(),
        "--kubelet-client-certificate", dir.resolve("apiserver-kubelet-client.crt").toString(),
        "--kubelet-client-key", dir.resolve("apiserver-kubelet-client.key").toString(),
        // the node's Hostname address is its name, which no resolver knows
        "--kubelet-preferred-address-types", "InternalIP");
  }

  /** Serves with the node's certificate and requires the API server's client certificate. */
  SSLContext serverContext() throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("kubelet", serving.key().getPrivate(), NO_PASSWORD, new X509Certificate[] {serving.certificate()});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, NO_PASSWORD);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("kube-apiserver", apiServer.certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);

    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private Path servingCertificateFile() {
    return dir.resolve("kubelet.crt");
  }

  private void write() throws IOException {
    Files.writeString(servingCertificateFile(), pem(serving.certificate()));
    Files.writeString(dir.resolve("apiserver-kubelet-client.crt"), pem(apiServer.certificate()));
    writeSecret(dir.resolve("apiserver-kubelet-client.key"), pem(apiServer.key().getPrivate()));
  }

  /** Owner-only from its creation on: whoever reads the key passes the kubelet port's only check. */
  private static void writeSecret(Path file, String content) throws IOException {
    Files.deleteIfExists(file); // an earlier file keeps its mode
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
  }

  private static String pem(Object object) throws IOException {
    var text = new StringWriter();
    try (var writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  private static KeyPairAndCertificate selfSigned(String subject, KeyPurposeId purpose, GeneralName... names)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair key = generator.generateKeyPair();
    var name = new X500Name(subject);
    Instant now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(VALIDITY)), name, key.getPublic())
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    if (names.length > 0) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    var certificate = new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256WithRSA").build(key.getPrivate())));
    return new KeyPairAndCertificate(key, certificate);
  }
}
