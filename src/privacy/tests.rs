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
