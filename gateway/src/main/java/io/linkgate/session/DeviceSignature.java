package io.linkgate.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

/**
 * The card-edge device's Ed25519 signature over what it sends. The signed bytes are the UTF-8 lines of
 * {@link #loginPayload} or {@link #pinFailurePayload}, joined by {@code \n}; card-edge builds the same.
 */
public final class DeviceSignature {

  private DeviceSignature() {
  }

  public static byte[] loginPayload(String challengeId, String citizenId, String chipId, String laserId,
                                    String cardExpiry, String cardAnswerBase64, String deviceId) {
    return join(List.of("linkgate-login-v1", challengeId, citizenId, chipId, laserId, cardExpiry, cardAnswerBase64, deviceId));
  }

  public static byte[] pinFailurePayload(String challengeId, String citizenId, String chipId, String outcome,
                                         int triesRemaining, String deviceId) {
    return join(List.of("linkgate-pin-failure-v1", challengeId, citizenId, chipId, outcome, Integer.toString(triesRemaining), deviceId));
  }

  /** Parses an enrolled key (X.509 SubjectPublicKeyInfo); {@code null} when it is not an Ed25519 key. */
  public static PublicKey publicKey(byte[] encoded) {
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  public static boolean verify(PublicKey key, byte[] payload, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(payload);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] join(List<String> lines) {
    for (String line : lines) {
      if (line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("signed fields cannot contain line breaks");
      }
    }
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }
}
