//! What the scanner must find, and the ordinary numbers, dates and amounts it must leave.

use super::*;
use PersonalData::*;

/// The findings of `text` as (kind, matched text).
fn found(text: &str) -> Vec<(PersonalData, &str)> {
    scan(text)
        .into_iter()
        .map(|f| (f.kind, &text[f.range]))
        .collect()
}

fn assert_finds(kind: PersonalData, cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        assert_eq!(found(text), vec![(kind, *expected)], "in {text:?}");
    }
}

fn assert_clean(cases: &[&str]) {
    for text in cases {
        assert_eq!(found(text), vec![], "in {text:?}");
    }
}

#[test]
fn bsns_pass_the_11_check() {
    assert!(is_bsn(b"123456782"));
    assert!(is_bsn(b"111222333"));
    assert!(!is_bsn(b"123456789"));
    assert!(!is_bsn(b"000000000"));
    assert!(!is_bsn(b"12345678"));
    assert_finds(
        Bsn,
        &[
            ("bsn 123456782", "123456782"),
            ("BSN: 111222333.", "111222333"),
            ("1234.56.782 meegenomen", "1234.56.782"),
            ("nummer 123 456 782 op de brief", "123 456 782"),
            ("999999990", "999999990"),
        ],
    );
}

#[test]
fn nine_digits_failing_the_11_check_are_not_a_bsn() {
    assert_clean(&[
        "123456789",
        "dossier 111222334",
        "123.456.789",
        "ordernummer 987654321 van bol",
        "1234567825", // ten digits
        "12345678",
        "bsn12345678",
    ]);
}

#[test]
fn dutch_phone_numbers_in_the_ways_people_write_them() {
    assert_finds(
        Phone,
        &[
            ("0612345678", "0612345678"),
            ("bel 06-12345678.", "06-12345678"),
            ("06 12345678", "06 12345678"),
            ("06 1234 5678 (dochter)", "06 1234 5678"),
            ("06-12 34 56 78", "06-12 34 56 78"),
            ("+31 6 12345678", "+31 6 12345678"),
            ("+31612345678", "+31612345678"),
            ("+31 (0)6 12345678", "+31 (0)6 12345678"),
            ("0031 6 12345678", "0031 6 12345678"),
            ("020-1234567", "020-1234567"),
            ("0201234567", "0201234567"),
            ("tel. 020 123 4567", "020 123 4567"),
            ("(020) 123 4567", "020) 123 4567"),
            ("0299-123456", "0299-123456"),
            ("kamer 12 0612345678", "0612345678"),
            ("bel 010 - 1234567 morgen", "010 - 1234567"),
            ("+44 7700 900123", "+44 7700 900123"),
        ],
    );
}

#[test]
fn dates_amounts_times_and_service_numbers_are_not_phones() {
    assert_clean(&[
        "20-11-2026",
        "afspraak 01-12-2026 10:30",
        "2026-11-20 09:15",
        "06-12-2026",
        "06.12.2026 om 10.30",
        "huur € 1.250,00 per maand",
        "0,50 per kWh",
        "12:30 terug",
        "1234567890",
        "belastingtelefoon 0800-0543",
        "0800 1234",
        "0900 123 456",
        "06 1234 567",
        "061234567890",
        "ABNA0612345678",
        "0612345678b",
        "klant 0012345678",
        "3 kinderen, 2 volwassenen, kamer 12",
        "huur 650 euro, servicekosten 45",
        "periode 2024-2025",
    ]);
}

#[test]
fn ibans_with_a_valid_checksum() {
    assert!(valid_iban(b"NL91ABNA0417164300"));
    assert!(!valid_iban(b"NL91ABNA0417164301"));
    assert!(!valid_iban(b"NL91ABNA041716430"), "NL is 18 characters");
    assert_finds(
        Iban,
        &[
            ("NL91ABNA0417164300", "NL91ABNA0417164300"),
            (
                "rekening NL91 ABNA 0417 1643 00 van de verhuurder",
                "NL91 ABNA 0417 1643 00",
            ),
            ("nl91 abna 0417 1643 00", "nl91 abna 0417 1643 00"),
            ("IBAN: NL91ABNA0417164300.", "NL91ABNA0417164300"),
            ("DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
            ("GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
            ("BE68 5390 0754 7034", "BE68 5390 0754 7034"),
        ],
    );
}

#[test]
fn iban_shapes_with_a_wrong_checksum_are_not_flagged() {
    assert_clean(&[
        "NL91ABNA0417164301",
        "NL91 ABNA 0417 1643",
        "NL12 3456",
        "XX00 test",
        "AB12CDEF",
        "ME12 gesproken",
    ]);
}

#[test]
fn email_addresses() {
    assert_finds(
        Email,
        &[
            ("jan.jansen@gmail.com", "jan.jansen@gmail.com"),
            (
                "mail f.el-amrani+werk@hotmail.nl.",
                "f.el-amrani+werk@hotmail.nl",
            ),
            ("(mail: a_b@c.co.uk)", "a_b@c.co.uk"),
            ("INFO@YMERE.NL", "INFO@YMERE.NL"),
        ],
    );
    assert_clean(&[
        "@ymere",
        "info@",
        "jan@localhost",
        "a@b.c",
        "via twitter @gemeente",
        "e-mail gestuurd",
        "@ @@ .@. a@.nl",
    ]);
}

#[test]
fn a_postcode_with_a_house_number() {
    assert_finds(
        Address,
        &[
            ("1102 AB 12", "1102 AB 12"),
            ("1102AB 12", "1102AB 12"),
            ("1102ab12", "1102ab12"),
            ("woont 1102 AB 12-3", "1102 AB 12-3"),
            ("1102 AB, 12", "1102 AB, 12"),
            ("1102 AB 12a.", "1102 AB 12a"),
            ("1102 ab 12", "1102 ab 12"),
            ("Bijlmerdreef 101, 1102 BN Amsterdam", "101, 1102 BN"),
            ("1102 EN 7", "1102 EN 7"),
        ],
    );
}

#[test]
fn postcodes_alone_years_and_sentences_are_not_addresses() {
    assert_clean(&[
        "1102",
        "1102 AB",
        "postcode 1102",
        "1102 AB Amsterdam",
        "in 2026 is 12 keer gebeld",
        "tussen 2025 en 2026",
        "2026 en 12 dagen",
        "vanaf 2027 ma 12 uur",
        "0102 AB 12",
        "11023 AB 12",
        "1102 ABC 12",
        "1102 AB 123456",
    ]);
}

#[test]
fn several_findings_come_in_order_with_their_places() {
    let text =
        "Één BSN 123456782, tel +31 6 12345678, mail x@y.nl, NL91ABNA0417164300, 1102 AB 12 — café";
    let got = found(text);
    assert_eq!(
        got,
        vec![
            (Bsn, "123456782"),
            (Phone, "+31 6 12345678"),
            (Email, "x@y.nl"),
            (Iban, "NL91ABNA0417164300"),
            (Address, "1102 AB 12"),
        ]
    );
    let findings = scan(text);
    assert_eq!(
        describe(&findings, Lang::En),
        "a BSN (citizen service number), an IBAN (bank account number), a phone number, \
         an e-mail address and a postcode with a house number"
    );
    assert_eq!(
        describe(&findings[..1], Lang::Nl),
        "een BSN (burgerservicenummer)"
    );
    assert_eq!(describe(&[], Lang::Nl), "");
    assert_eq!(kinds(&scan("06-12345678 en 0612345679")), vec![Phone]);
}

#[test]
fn ordinary_desk_notes_are_clean() {
    assert_clean(&[
        "",
        "huurverhoging 2026 bezwaar gemaakt, komt terug met brief",
        "schimmel in badkamer, Ymere gebeld, melding 12345 gemaakt",
        "formulier toeslagen ingevuld, 3 kinderen, inkomen onder 25.000",
        "doorverwezen naar het Juridisch Loket, afspraak 14-12 om 10:00",
        "WOZ-waarde € 312.000, 78 m², 142 punten",
        "huur €  850,35 per maand sinds 01-07-2025",
        "brief van 12 november 2026, kenmerk 2026/1234/AB",
        "energietoeslag 2026: € 1.300",
    ]);
}

/// Ways people (or a careless paste) write personal data that plain matching misses: other
/// spaces, dashes and digits, invisible characters, glued labels, disguised e-mail addresses.
const EVASIONS: &[(&str, PersonalData)] = &[
    ("bel 06\u{a0}12345678 terug", Phone),
    ("bel 06\u{a0}12\u{a0}34\u{a0}56\u{a0}78", Phone),
    ("bel 06\u{2013}12345678", Phone),
    ("bel 06\u{2014}12 34 56 78", Phone),
    ("bel 06/12345678", Phone),
    ("bel 020/1234567", Phone),
    ("bel 0612\u{200b}345678", Phone),
    ("bel 06\u{200b}-\u{200b}12345678", Phone),
    ("bel 06\u{2060}12345678", Phone),
    ("bel 0612\u{ad}345678", Phone),
    ("tel0612345678", Phone),
    ("tel.0612345678", Phone),
    ("telnr0612345678", Phone),
    ("mob:0612345678", Phone),
    ("Tel06-12345678", Phone),
    (
        "\u{ff10}\u{ff16}\u{ff11}\u{ff12}\u{ff13}\u{ff14}\u{ff15}\u{ff16}\u{ff17}\u{ff18}",
        Phone,
    ),
    (
        "bel \u{660}\u{666}\u{661}\u{662}\u{663}\u{664}\u{665}\u{666}\u{667}\u{668}",
        Phone,
    ),
    (
        "bel \u{6f0}\u{6f6}\u{6f1}\u{6f2}\u{6f3}\u{6f4}\u{6f5}\u{6f6}\u{6f7}\u{6f8}",
        Phone,
    ),
    ("bel +31\u{a0}6\u{a0}12345678", Phone),
    ("bel 06\u{202f}12345678", Phone),
    ("bel 06\u{2212}12345678", Phone),
    ("BSN111222333", Bsn),
    ("bsn:111222333", Bsn),
    ("bsn 111\u{a0}222\u{a0}333", Bsn),
    ("sofi111222333", Bsn),
    ("1112\u{200b}22333 is haar nummer", Bsn),
    (
        "\u{ff11}\u{ff11}\u{ff11}\u{ff12}\u{ff12}\u{ff12}\u{ff13}\u{ff13}\u{ff13}",
        Bsn,
    ),
    ("bsn 12345672", Bsn),
    ("BSN12345672", Bsn),
    ("burgerservicenummer 12345672", Bsn),
    ("woont 1102\u{a0}AB 12", Address),
    ("woont 1102\u{a0}AB\u{a0}12", Address),
    ("woont 1102 AB nr 12", Address),
    ("woont 1102AB nr. 12", Address),
    ("woont 1102 AB huisnr 12", Address),
    ("woont \u{ff11}\u{ff11}\u{ff10}\u{ff12} AB 12", Address),
    ("mail jan@ex\u{e4}mple.nl", Email),
    ("mail jan@\u{e9}xample.com", Email),
    ("mail jan[at]example.nl", Email),
    ("mail jan (at) example.nl", Email),
    ("mail jan[at]example[dot]nl", Email),
    ("mail j\u{e4}n@example.nl", Email),
    ("mail jan\u{200b}@example.nl", Email),
    ("mail jan\u{ff20}example.nl", Email),
];

/// Ordinary notes: dates, times, amounts, week numbers, WOZ values, counts.
const ORDINARY: &[&str] = &[
    "1102 AB 10:30 gebeld",
    "WOZ € 123.456.782",
    "WOZ-waarde € 312.450",
    "WOZ 123456782",
    "huur € 1.234,56 per maand",
    "€ 111.222.333 is de begroting",
    "afspraak 20-11-2026 om 10:30",
    "brief van 2026/11/20",
    "week 47, daarna week 48",
    "terug op 3 december 2026",
    "servicekosten 45,50 per maand",
    "0800-1234567 gratis nummer",
    "0900-1234567 informatielijn",
    "dossier 123456789 bij de corporatie",
    "bouwjaar 1965, 3 kamers, 68 m2",
    "huurverhoging 5,5 procent per 1 juli",
    "2026-11-20 tot 2026-12-04",
    "12 mensen bij de bijeenkomst",
    "tussen 9 en 12 uur",
    "kamer 1102 op de 3e verdieping",
    "huurtoeslag € 250 per maand vanaf 2027",
    "formulier 2026-A-17 ingevuld",
];

#[test]
fn evasions_of_the_guard_are_found_and_ordinary_notes_pass() {
    assert!(EVASIONS.len() >= 40 && ORDINARY.len() >= 20);
    let mut wrong = Vec::new();
    for (text, kind) in EVASIONS {
        let got = kinds(&scan(text));
        if got != vec![*kind] {
            wrong.push(format!("{text:?}: expected {kind:?}, found {got:?}"));
        }
        for f in scan(text) {
            assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        }
    }
    for text in ORDINARY {
        let got = kinds(&scan(text));
        if !got.is_empty() {
            wrong.push(format!("{text:?}: a false alarm, {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
