package io.linkgate.cardedge.sim;

import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;

/**
 * The simulated cards of the demo and the tests. The officers' citizen IDs and names are those of the gateway's
 * demo registry; everything else (dates, addresses, chip and laser ids, photo) is derived deterministically from
 * the profile name. Every card's PIN is {@code 1234}.
 */
public final class SimulatedCardProfiles {

  private record Person(String citizenId, String thaiName, String englishName, int gender) {
  }

  private static final Map<String, Person> PEOPLE = people();

  private static final List<String> ADDRESSES = List.of(
      "99/9#หมู่ที่ 4####ตำบลบางพูด#อำเภอปากเกร็ด#จังหวัดนนทบุรี",
      "123/45##ซอยสุขุมวิท 21#ถนนสุขุมวิท##แขวงคลองเตยเหนือ#เขตวัฒนา#กรุงเทพมหานคร",
      "7#หมู่ที่ 2#ซอยวัดป่า###ตำบลช้างเผือก#อำเภอเมืองเชียงใหม่#จังหวัดเชียงใหม่",
      "88/1###ถนนมิตรภาพ##ตำบลในเมือง#อำเภอเมืองขอนแก่น#จังหวัดขอนแก่น",
      "15/3#หมู่ที่ 11####ตำบลคลองหนึ่ง#อำเภอคลองหลวง#จังหวัดปทุมธานี");

  private static final List<String> ISSUERS = List.of(
      "ที่ว่าการอำเภอปากเกร็ด/นนทบุรี",
      "สำนักงานเขตวัฒนา/กรุงเทพมหานคร",
      "ที่ว่าการอำเภอเมืองเชียงใหม่/เชียงใหม่",
      "ที่ว่าการอำเภอเมืองขอนแก่น/ขอนแก่น",
      "ที่ว่าการอำเภอคลองหลวง/ปทุมธานี");

  private SimulatedCardProfiles() {
  }

  /** The profile names, demo officers first. */
  public static List<String> names() {
    return List.copyOf(PEOPLE.keySet());
  }

  /** The profile called {@code name}; throws {@link NoSuchElementException} naming the known ones otherwise. */
  public static SimulatedCardProfile byName(String name) {
    return find(name).orElseThrow(() -> new NoSuchElementException(
        "No simulated card profile '" + name + "'; known: " + String.join(", ", names())));
  }

  public static Optional<SimulatedCardProfile> find(String name) {
    Person person = PEOPLE.get(name);
    return person == null ? Optional.empty() : Optional.of(build(name, person));
  }

  private static SimulatedCardProfile build(String name, Person person) {
    Random random = new Random(("linkgate-sim:" + name).hashCode());
    int birthYear = 2510 + random.nextInt(25);
    String birthMonthDay = String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
    int issueYear = 2562 + random.nextInt(5);
    SimulatedCardProfile.Builder builder = SimulatedCardProfile.builder(name)
        .citizenId(person.citizenId())
        .thaiName(person.thaiName())
        .englishName(person.englishName())
        .gender(person.gender())
        .birthDate(birthYear + birthMonthDay)
        .issueDate(issueYear + birthMonthDay)
        .expiryDate((issueYear + 8) + birthMonthDay)
        .address(ADDRESSES.get(random.nextInt(ADDRESSES.size())))
        .issuer(ISSUERS.get(random.nextInt(ISSUERS.size())))
        .requestNumber(String.format("%04d-%02d-%08d", 1000 + random.nextInt(9000), 1 + random.nextInt(20),
            random.nextInt(100_000_000)))
        .cardType("01")
        .cardVersion("0003")
        .chipId("4790" + "5167" + HexFormat.of().withUpperCase().toHexDigits(random.nextInt()))
        .laserId(laserPrefix(random) + String.format("%010d", Math.floorMod(random.nextLong(), 10_000_000_000L)))
        .photo(SimulatedPhotos.portrait(name))
        .pin("1234");
    return switch (name) {
      case "expired" -> builder.issueDate("25590101").expiryDate("25670101").build();
      case "lifetime" -> builder.birthDate("24850000").issueDate("25600315").lifetime().build();
      case "oldchip" -> builder.atr(SimulatedCardProfile.OLD_CHIP_ATR).issueDate("25550610").expiryDate("26030610")
          .chipId("3B67" + "0A21" + HexFormat.of().withUpperCase().toHexDigits(random.nextInt())).build();
      default -> builder.build();
    };
  }

  private static String laserPrefix(Random random) {
    return "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
  }

  private static Map<String, Person> people() {
    Map<String, Person> people = new LinkedHashMap<>();
    people.put("officer", new Person("1101700001016", "นางสาว#กมลชนก##ศรีสุข", "Miss#Kamonchanok##Srisuk", 2));
    people.put("officer2", new Person("1101700001024", "นาย#ธีรวัฒน์##ทองดี", "Mr.#Teerawat##Thongdee", 1));
    people.put("supervisor", new Person("1101700001032", "นาง#พรทิพย์##วงศ์สวัสดิ์", "Mrs.#Pornthip##Wongsawat", 2));
    people.put("head", new Person("1101700001041", "นาย#ประเสริฐ##ศักดิ์สิทธิ์", "Mr.#Prasert##Saksit", 1));
    people.put("service-supervisor",
        new Person("1101700001059", "นางสาว#ศิริพร##ชัยมงคล", "Miss#Siriporn##Chaimongkol", 2));
    people.put("admin", new Person("1101700001067", "นาย#อนุชา##แก้วมณี", "Mr.#Anucha##Kaewmanee", 1));
    people.put("superadmin", new Person("1101700001075", "นาย#วิชัย##รุ่งเรือง", "Mr.#Wichai##Rungruang", 1));
    people.put("auditor", new Person("1101700001083", "นางสาว#ณัฐธิดา##มีสุข", "Miss#Nattida##Meesuk", 2));
    people.put("stranger", new Person("1101700001091", "นาย#สมชาย##ใจดี", "Mr.#Somchai##Jaidee", 1));
    people.put("expired", new Person("1101700001105", "นาง#สมศรี##มั่นคง", "Mrs.#Somsri##Mankong", 2));
    people.put("lifetime", new Person("1101700001113", "นาย#บุญมี##อายุยืน", "Mr.#Boonmee##Ayuyuen", 1));
    people.put("oldchip", new Person("3101700001128", "นางสาว#มาลี##บัวขาว", "Miss#Malee##Buakhao", 2));
    return Collections.unmodifiableMap(people);
  }
}
