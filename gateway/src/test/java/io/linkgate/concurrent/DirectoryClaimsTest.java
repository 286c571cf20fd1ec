package io.linkgate.concurrent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory is claimed once per process, under any spelling, until the claim that holds it is closed. */
class DirectoryClaimsTest {

  @TempDir
  Path dir;

  @Test
  void should_keep_the_directory_claimed_when_an_earlier_claim_on_it_is_closed_again() throws Exception {
    DirectoryClaims.Claim first = DirectoryClaims.claim(dir).orElseThrow();
    first.close();
    DirectoryClaims.Claim second = DirectoryClaims.claim(dir).orElseThrow();
    try {

      first.close(); // closed twice (a stop after a failed start, try-with-resources after an explicit close)

      Optional<DirectoryClaims.Claim> third = DirectoryClaims.claim(dir.resolve("."));
      third.ifPresent(DirectoryClaims.Claim::close);
      assertTrue(third.isEmpty(), "closing a released claim again released the claim of the server or journal now on it");
    } finally {
      second.close();
    }
    assertTrue(DirectoryClaims.claim(dir).map(c -> {
      c.close();
      return true;
    }).orElse(false), "closed, the holder's claim frees the directory");
  }
}
