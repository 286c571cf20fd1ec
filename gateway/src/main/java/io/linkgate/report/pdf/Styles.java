package io.linkgate.report.pdf;

/** The type sizes of the report, after Thai official forms (Laksaman/TH Sarabun, 14–16 pt body). */
record Styles(TextStyle title, TextStyle subtitle, TextStyle heading, TextStyle subheading, TextStyle body, TextStyle small,
              TextStyle headTh, TextStyle headEn, TextStyle mono, TextStyle footer) {

  static Styles of(EmbeddedFont regular, EmbeddedFont bold) {
    return new Styles(
        new TextStyle(bold, 20),
        new TextStyle(regular, 16),
        new TextStyle(bold, 16),
        new TextStyle(bold, 14),
        new TextStyle(regular, 14),
        new TextStyle(regular, 11),
        new TextStyle(bold, 12.5f),
        new TextStyle(regular, 10),
        new TextStyle(regular, 9),
        new TextStyle(regular, 11));
  }
}
