package io.linkgate.cardedge.card;

import java.util.ArrayList;
import java.util.List;

/** Splits the card's {@code #}-separated name and address fields. */
final class CardTextFields {

  private CardTextFields() {
  }

  /**
   * {@code prefix#first#middle#last}. Missing parts are empty; parts beyond the fourth (a stray {@code #}) are
   * kept in the last name rather than dropped.
   */
  static CardData.Name name(String text) {
    List<String> parts = parts(text);
    String last = parts.size() > 3 ? String.join(" ", nonEmpty(parts.subList(3, parts.size()))) : "";
    return new CardData.Name(at(parts, 0), at(parts, 1), at(parts, 2), last);
  }

  /**
   * {@code house#moo#lane#road#?#subdistrict#district#province}. Once trailing empty parts are dropped, the last
   * three are always subdistrict, district and province (cards with fewer or extra {@code #} still put them last); the parts
   * before them fill house number, moo, lane and road in order.
   */
  static CardData.Address address(String text) {
    List<String> parts = parts(text);
    int end = parts.size();
    while (end > 0 && parts.get(end - 1).isEmpty()) {
      end--;
    }
    List<String> used = parts.subList(0, end);
    int tail = Math.max(0, used.size() - 3);
    List<String> head = used.subList(0, tail);
    List<String> place = used.subList(tail, used.size());
    while (place.size() < 3) {
      place = prepend(place);
    }
    return new CardData.Address(at(head, 0), at(head, 1), at(head, 2), at(head, 3),
        place.get(0), place.get(1), place.get(2));
  }

  private static List<String> parts(String text) {
    List<String> parts = new ArrayList<>();
    for (String part : text.split("#", -1)) {
      parts.add(part.strip());
    }
    return parts;
  }

  private static List<String> nonEmpty(List<String> parts) {
    return parts.stream().filter(p -> !p.isEmpty()).toList();
  }

  private static List<String> prepend(List<String> parts) {
    List<String> longer = new ArrayList<>(parts.size() + 1);
    longer.add("");
    longer.addAll(parts);
    return longer;
  }

  private static String at(List<String> parts, int index) {
    return index < parts.size() ? parts.get(index) : "";
  }
}
