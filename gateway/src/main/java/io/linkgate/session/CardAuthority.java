package io.linkgate.session;

import io.vertx.core.Future;

/**
 * Checks a card's answer to a login challenge. DOPA holds the cards' keys; the real interface is not
 * public, so LinkGate defines this one. In demo and tests the sandbox plays DOPA's role.
 */
public interface CardAuthority {

  /**
   * Whether {@code cryptogram} is the answer of the card ({@code chipId}, issued to {@code citizenId}) to
   * {@code challenge}, its upstream calls (token, call, retry) ending by {@code deadline}.
   */
  Future<Boolean> verify(String citizenId, String chipId, byte[] challenge, byte[] cryptogram, io.linkgate.upstream.Deadline deadline);
}
