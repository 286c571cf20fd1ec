package io.linkgate.registry;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** An agency as the lookup path needs it: office code, monthly quota, working days and hours (Asia/Bangkok). */
public record Agency(String code, String officeCode, String nameTh, String nameEn, int monthlyQuota, int workDays,
                     LocalTime workStart, LocalTime workEnd, boolean active) {

  /**
   * A working day that ends at midnight: {@code workEnd} "24:00" (or "00:00") in the API, the last microsecond of the
   * day in PostgreSQL's {@code time} and here, so that hours are still [workStart, workEnd) and a lookup at 23:59:59.5
   * is inside them. 23:59:59, the nearest the API took before, refused the last second of every day.
   */
  public static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59, 999_999_000);

  /** A time of the working hours as the API and messages show it: 08:30, 16:30, 24:00 for the end of the day. */
  public static String hhmm(LocalTime time) {
    return time.equals(END_OF_DAY) ? "24:00" : time.toString();
  }

  /** Whether {@code day} is a working day (bit 0 Monday … bit 6 Sunday). */
  public boolean worksOn(DayOfWeek day) {
    return (workDays & (1 << (day.getValue() - 1))) != 0;
  }
}
