package io.linkgate.usage;

/** A sealed record with its place in its instance's HMAC chain. */
public record LoggedRecord(SealedRecord record, String instanceId, long seq, byte[] prevHash, byte[] hash) {

  @Override
  public String toString() {
    return "LoggedRecord[" + instanceId + "#" + seq + ", " + record + "]";
  }
}
