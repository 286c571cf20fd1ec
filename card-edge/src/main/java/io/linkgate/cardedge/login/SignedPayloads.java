package io.linkgate.cardedge.login;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bytes the device signs; the gateway rebuilds the same lines (its {@code DeviceSignature}). */
final class SignedPayloads {

  private SignedPayloads() {
  }

  static byte[] login(String challengeId, String citizenId, String chipId, String laserId, String cardExpiry,
                      String cardAnswerBase64, String deviceId) {
    return join(List.of("linkgate-login-v1", challengeId, citizenId, chipId, laserId, cardExpiry, cardAnswerBase64, deviceId));
  }

  static byte[] pinFailure(String challengeId, String citizenId, String chipId, String outcome, int triesRemaining, String deviceId) {
    return join(List.of("linkgate-pin-failure-v1", challengeId, citizenId, chipId, outcome, Integer.toString(triesRemaining), deviceId));
  }

  private static byte[] join(List<String> lines) {
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }
}
