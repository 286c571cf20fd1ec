package io.linkgate.upstream;

/**
 * Retries may add at most {@code ratio} to the calls: every call deposits {@code ratio} tokens, every retry
 * takes one; the balance is capped so a quiet period cannot bank a retry storm.
 */
final class RetryBudget {

  private final double ratio;
  private final double cap;
  private double balance;

  RetryBudget(double ratio) {
    this.ratio = ratio;
    this.cap = Math.max(1, ratio * 100);
    this.balance = Math.min(cap, 1);
  }

  synchronized void deposit() {
    balance = Math.min(cap, balance + ratio);
  }

  synchronized boolean tryWithdraw() {
    if (balance >= 1) {
      balance -= 1;
      return true;
    }
    return false;
  }
}
