package io.linkgate.sandbox;

import java.util.List;

/** Name and place tables the synthetic population is drawn from (real Thai names and places, invented people). */
final class SyntheticData {

  private SyntheticData() {
  }

  record Name(String thai, String english) {
  }

  record Place(String provinceCode, String province, String districtCode, String district,
               String subdistrictCode, String subdistrict, String rcodeCode, String rcode) {
  }

  record Road(String code, String thai) {
  }

  static final List<Name> MALE = List.of(
      new Name("สมชาย", "Somchai"), new Name("ประเสริฐ", "Prasert"), new Name("วิชัย", "Wichai"),
      new Name("สมศักดิ์", "Somsak"), new Name("ธนากร", "Thanakorn"), new Name("กิตติพงษ์", "Kittipong"),
      new Name("อนุชา", "Anucha"), new Name("ณัฐวุฒิ", "Nattawut"), new Name("สุรชัย", "Surachai"),
      new Name("พงศกร", "Pongsakorn"), new Name("ชัยวัฒน์", "Chaiwat"), new Name("วีระพงษ์", "Weerapong"),
      new Name("ศุภชัย", "Supachai"), new Name("อภิชาติ", "Apichart"), new Name("ธีรวัฒน์", "Teerawat"),
      new Name("เกียรติศักดิ์", "Kiattisak"));

  static final List<Name> FEMALE = List.of(
      new Name("สมหญิง", "Somying"), new Name("วิไลวรรณ", "Wilaiwan"), new Name("สุนิสา", "Sunisa"),
      new Name("กาญจนา", "Kanchana"), new Name("พรทิพย์", "Pornthip"), new Name("นภัสสร", "Napatsorn"),
      new Name("ศิริพร", "Siriporn"), new Name("อรุณี", "Arunee"), new Name("ปิยะนุช", "Piyanut"),
      new Name("รัตนา", "Rattana"), new Name("จันทร์เพ็ญ", "Chanpen"), new Name("มาลี", "Malee"),
      new Name("ณัฐธิดา", "Nattida"), new Name("กมลชนก", "Kamonchanok"), new Name("ธิดารัตน์", "Thidarat"),
      new Name("ฤทัยรัตน์", "Ruethairat"));

  static final List<Name> LAST = List.of(
      new Name("ใจดี", "Jaidee"), new Name("ศรีสุข", "Srisuk"), new Name("รักไทย", "Rakthai"),
      new Name("สุขสวัสดิ์", "Suksawat"), new Name("วงศ์สวัสดิ์", "Wongsawat"), new Name("แก้วมณี", "Kaewmanee"),
      new Name("บุญมา", "Boonma"), new Name("ทองดี", "Thongdee"), new Name("ศรีวงศ์", "Sriwong"),
      new Name("เพชรรัตน์", "Petcharat"), new Name("จันทร์แก้ว", "Chankaew"), new Name("สมบูรณ์", "Somboon"),
      new Name("พึ่งบุญ", "Phueangboon"), new Name("มีสุข", "Meesuk"), new Name("อินทร์ประเสริฐ", "Inprasert"),
      new Name("ปัญญาดี", "Panyadee"), new Name("ศักดิ์สิทธิ์", "Saksit"), new Name("ชัยมงคล", "Chaimongkol"),
      new Name("รุ่งเรือง", "Rungruang"), new Name("ทองคำ", "Thongkham"));

  static final List<Place> PLACES = List.of(
      new Place("10", "กรุงเทพมหานคร", "1001", "เขตพระนคร", "100101", "แขวงพระบรมมหาราชวัง", "1001", "ท้องถิ่นเขตพระนคร"),
      new Place("10", "กรุงเทพมหานคร", "1030", "เขตจตุจักร", "103001", "แขวงลาดยาว", "1030", "ท้องถิ่นเขตจตุจักร"),
      new Place("50", "จังหวัดเชียงใหม่", "5001", "อำเภอเมืองเชียงใหม่", "500101", "ตำบลศรีภูมิ", "5099", "ท้องถิ่นเทศบาลนครเชียงใหม่"),
      new Place("40", "จังหวัดขอนแก่น", "4001", "อำเภอเมืองขอนแก่น", "400101", "ตำบลในเมือง", "4099", "ท้องถิ่นเทศบาลนครขอนแก่น"),
      new Place("90", "จังหวัดสงขลา", "9011", "อำเภอหาดใหญ่", "901101", "ตำบลหาดใหญ่", "9097", "ท้องถิ่นเทศบาลนครหาดใหญ่"),
      new Place("20", "จังหวัดชลบุรี", "2001", "อำเภอเมืองชลบุรี", "200101", "ตำบลบางปลาสร้อย", "2098", "ท้องถิ่นเทศบาลเมืองชลบุรี"),
      new Place("30", "จังหวัดนครราชสีมา", "3001", "อำเภอเมืองนครราชสีมา", "300101", "ตำบลในเมือง", "3099", "ท้องถิ่นเทศบาลนครนครราชสีมา"));

  static final List<Road> ROADS = List.of(
      new Road("", ""), new Road("0001", "ราชดำเนิน"), new Road("0002", "พหลโยธิน"),
      new Road("0003", "มิตรภาพ"), new Road("0004", "สุขุมวิท"), new Road("0005", "เพชรเกษม"));

  static final List<Road> ALLEYS = List.of(
      new Road("", ""), new Road("0010", "วัดใหม่"), new Road("0011", "ร่วมใจ"), new Road("0012", "สุขใจ"));

  static final List<String> COMPANY_WORDS = List.of(
      "สยามพัฒนา|SIAM PATTANA", "รุ่งเรืองกิจ|RUNGRUANG KIT", "ไทยเจริญ|THAI CHAROEN",
      "เชียงใหม่ดิจิทัล|CHIANG MAI DIGITAL", "อีสานเกษตร|ISAN KASET", "ทะเลใต้ขนส่ง|THALE TAI LOGISTICS");
}
