package io.linkgate.registry;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** An agency as the lookup path needs it: office code, monthly quota, working days and hours (Asia/Bangkok). */
public record Agency(String code, String officeCode, String nameTh, String nameEn, int monthlyQuota, int workDays,
                     LocalTime workStart, LocalTime workEnd, boolean active) {

  /** Whether {@code day} is a working day (bit 0 Monday … bit 6 Sunday). */
  public boolean worksOn(DayOfWeek day) {
    return (workDays & (1 << (day.getValue() - 1))) != 0;
  }
}
