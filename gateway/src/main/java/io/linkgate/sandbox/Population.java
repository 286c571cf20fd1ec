package io.linkgate.sandbox;

import io.linkgate.citizen.CitizenId;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The sandbox's deterministic synthetic population. Every valid citizen ID maps to the same invented
 * person (and house) on every run and machine, except the documented 2 %: an ID whose first twelve
 * digits, read as a number, are divisible by 50 is "not found" (Linkage status 90500).
 */
public final class Population {

  /** Persons with IDs like these are not found; see the class comment. */
  public static boolean isNotFound(String cid) {
    return Long.parseLong(cid.substring(0, 12)) % 50 == 0;
  }

  public record Person(String cid, boolean male, SyntheticData.Name first, SyntheticData.Name last,
                       LocalDate birthDate, LocalDate movedIn, String fatherId, String fatherName,
                       String motherId, String motherName, SyntheticData.Place place, String houseId,
                       String houseNo, int villageNo, SyntheticData.Road road, SyntheticData.Road alley,
                       String laserCode) {

    public String firstNameThai() {
      return first.thai();
    }

    public String lastNameThai() {
      return last.thai();
    }

    public String titleThai() {
      return male ? "นาย" : (birthDate.getYear() % 3 == 0 ? "นาง" : "นางสาว");
    }

    String titleCode() {
      return male ? "003" : (birthDate.getYear() % 3 == 0 ? "005" : "004");
    }

    String titleEnglish() {
      return male ? "Mr." : (birthDate.getYear() % 3 == 0 ? "Mrs." : "Miss");
    }

    /** Linkage service 001: the person record with the field names of the design brief's DOMAIN.md, dates in Buddhist era. */
    public JsonObject toLinkageJson(LocalDate today) {
      return new JsonObject()
          .put("titleCode", Integer.parseInt(titleCode()))
          .put("titleDesc", titleThai())
          .put("titleName", titleThai())
          .put("titleSex", male ? 1 : 2)
          .put("firstName", first.thai())
          .put("middleName", "")
          .put("lastName", last.thai())
          .put("genderCode", male ? 1 : 2)
          .put("genderDesc", male ? "ชาย" : "หญิง")
          .put("dateOfBirth", buddhistEra(birthDate))
          .put("nationalityCode", 99)
          .put("nationalityDesc", "ไทย")
          .put("ownerStatusDesc", movedIn.getYear() % 2 == 0 ? "เจ้าบ้าน" : "ผู้อาศัย")
          .put("statusOfPersonCode", 0)
          .put("statusOfPersonDesc", "บุคคลนี้มีภูมิลำเนาอยู่ในบ้านนี้")
          .put("dateOfMoveIn", buddhistEra(movedIn))
          .put("age", Period.between(birthDate, today).getYears())
          .put("fatherPersonalID", fatherId)
          .put("fatherName", fatherName)
          .put("fatherNationalityCode", 99)
          .put("motherPersonalID", motherId)
          .put("motherName", motherName)
          .put("motherNationalityCode", 99)
          .put("fullnameAndRank", titleThai() + first.thai() + " " + last.thai())
          .put("englishTitleDesc", titleEnglish())
          .put("englishFirstName", first.english())
          .put("englishMiddleName", "")
          .put("englishLastName", last.english());
    }

    /** Linkage service 027: the person's registered house. */
    public JsonObject toHouseJson() {
      return new JsonObject()
          .put("houseID", Long.parseLong(houseId))
          .put("houseNo", houseNo)
          .put("houseType", 1)
          .put("houseTypeDesc", "บ้าน")
          .put("villageNo", villageNo)
          .put("alleyWayCode", 0)
          .put("alleyWayDesc", "")
          .put("alleyCode", alley.code().isEmpty() ? 0 : Integer.parseInt(alley.code()))
          .put("alleyDesc", alley.thai())
          .put("roadCode", road.code().isEmpty() ? 0 : Integer.parseInt(road.code()))
          .put("roadDesc", road.thai())
          .put("subdistrictCode", Integer.parseInt(place.subdistrictCode()))
          .put("subdistrictDesc", place.subdistrict())
          .put("districtCode", Integer.parseInt(place.districtCode()))
          .put("districtDesc", place.district())
          .put("provinceCode", Integer.parseInt(place.provinceCode()))
          .put("provinceDesc", place.province())
          .put("rcodeCode", place.rcodeCode())
          .put("rcodeDesc", place.rcode())
          .put("dateOfTerminate", 0);
    }
  }

  public Optional<Person> person(String cid) {
    if (!CitizenId.isValid(cid) || isNotFound(cid)) {
      return Optional.empty();
    }
    Random r = new Random(seed("person:" + cid));
    boolean male = r.nextBoolean();
    SyntheticData.Name first = pick(r, male ? SyntheticData.MALE : SyntheticData.FEMALE);
    SyntheticData.Name last = pick(r, SyntheticData.LAST);
    LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(68 * 365));
    LocalDate movedIn = birth.plusDays(r.nextInt(Math.max(1, (int) (LocalDate.of(2024, 1, 1).toEpochDay() - birth.toEpochDay()))));
    String fatherId = randomCid(r);
    String motherId = randomCid(r);
    String fatherName = "นาย" + pick(r, SyntheticData.MALE).thai() + " " + last.thai();
    String motherName = "นาง" + pick(r, SyntheticData.FEMALE).thai() + " " + pick(r, SyntheticData.LAST).thai();
    SyntheticData.Place place = pick(r, SyntheticData.PLACES);
    String houseId = place.rcodeCode() + String.format("%06d", r.nextInt(1_000_000)) + r.nextInt(10);
    String houseNo = (1 + r.nextInt(399)) + (r.nextInt(4) == 0 ? "/" + (1 + r.nextInt(20)) : "");
    int villageNo = place.provinceCode().equals("10") ? 0 : 1 + r.nextInt(15);
    SyntheticData.Road road = pick(r, SyntheticData.ROADS);
    SyntheticData.Road alley = pick(r, SyntheticData.ALLEYS);
    String laser = "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)) + String.format("%010d", r.nextLong() & 0x7fffffffffffL).substring(0, 10);
    return Optional.of(new Person(cid, male, first, last, birth, movedIn, fatherId, fatherName, motherId, motherName,
        place, houseId, houseNo, villageNo, road, alley, laser));
  }

  /** A juristic person (DBD) by its 13-digit juristic ID; the same not-found rule applies. */
  public Optional<JsonObject> juristicPerson(String juristicId) {
    if (CitizenId.juristicProblem(juristicId) != null || isNotFound(juristicId)) {
      return Optional.empty();
    }
    Random r = new Random(seed("juristic:" + juristicId));
    String[] words = pick(r, SyntheticData.COMPANY_WORDS).split("\\|");
    SyntheticData.Place place = pick(r, SyntheticData.PLACES);
    LocalDate registered = LocalDate.of(1975, 1, 1).plusDays(r.nextInt(49 * 365));
    boolean active = r.nextInt(10) != 0;
    return Optional.of(new JsonObject()
        .put("JuristicID", juristicId)
        .put("JuristicType", "บริษัทจำกัด")
        .put("JuristicNameTH", "บริษัท " + words[0] + " จำกัด")
        .put("JuristicNameEN", words[1] + " COMPANY LIMITED")
        .put("RegisterDate", Integer.toString(buddhistEra(registered)))
        .put("JuristicStatus", active ? "ยังดำเนินกิจการอยู่" : "เลิก")
        .put("RegisterCapital", (1 + r.nextInt(500)) * 100_000L)
        .put("Address", new JsonObject()
            .put("HouseNumber", Integer.toString(1 + r.nextInt(300)))
            .put("SubDistrict", place.subdistrict())
            .put("District", place.district())
            .put("Province", place.province())));
  }

  /** Buddhist-era date as the number yyyymmdd, as Linkage sends it. */
  public static int buddhistEra(LocalDate date) {
    return (date.getYear() + 543) * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }

  private static <T> T pick(Random r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  private static String randomCid(Random r) {
    StringBuilder sb = new StringBuilder().append(1 + r.nextInt(8));
    for (int i = 0; i < 11; i++) {
      sb.append(r.nextInt(10));
    }
    return CitizenId.withCheckDigit(sb.toString());
  }

  private static long seed(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
      long s = 0;
      for (int i = 0; i < 8; i++) {
        s = (s << 8) | (d[i] & 0xff);
      }
      return s;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
