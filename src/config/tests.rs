//! The shipped vocabulary, layering a desk's config on top, and the messages for mistakes.
use super::*;

#[test]
fn shipped_defaults_parse_and_hold_the_required_vocabulary() {
    let c = Config::shipped();
    for code in [
        "onderhoud",
        "splitsing",
        "huur",
        "huisuitzetting",
        "woningzoeken",
        "renovatie",
        "sloop",
        "huurcontract",
        "overlast",
        "woningruil",
        "bewonerscommissie",
        "formulieren",
        "schulden",
        "klussen",
        "taal",
        "computer",
        "energie",
        "zorg",
        "sociaal",
        "overig",
    ] {
        assert!(c.topic(code).is_some(), "missing topic {code}");
    }
    for code in [
        "inloop",
        "telefoon",
        "afspraak",
        "huisbezoek",
        "email",
        "groep",
    ] {
        assert!(c.channel(code).is_some(), "missing channel {code}");
    }
    for code in [
        "ymere",
        "eigen-haard",
        "rochdale",
        "stadgenoot",
        "de-key",
        "de-alliantie",
        "particulier",
        "koop",
        "onbekend",
    ] {
        assert!(c.landlord(code).is_some(), "missing landlord {code}");
    }
    assert_eq!(c.tally.len(), TALLY_SLOTS);
    assert_eq!(c.lang, Lang::Nl);
    assert!(c.partners.len() >= 10);
    assert!(c.desks.len() >= 12);
    assert!(
        c.topic("onderhoud")
            .unwrap()
            .synonyms
            .iter()
            .any(|s| s == "schimmel")
    );
}

#[test]
fn a_desk_layer_overrides_by_code_and_adds_new_codes() {
    let desk = r#"
lang = "en"
desk = "Buurtwerkkamer MultiBron"
tally = ["taal", "computer"]

[[topics]]
code = "huur"
nl = "Huur"
en = "Rent"
group = "wonen"

[[topics]]
code = "fietsen"
nl = "Fietsenmaker"
en = "Bike repair"
group = "hulp"
"#;
    let c = Config::layered(&[("shipped", SHIPPED), ("desk.toml", desk)]).unwrap();
    assert_eq!(c.lang, Lang::En);
    assert_eq!(c.topic("huur").unwrap().en, "Rent");
    assert_eq!(c.topic("fietsen").unwrap().nl, "Fietsenmaker");
    assert_eq!(c.tally, vec!["taal", "computer"]);
    assert_eq!(c.desk.as_deref(), Some("Buurtwerkkamer MultiBron"));
    // replaced in place: huur keeps its position among the shipped topics
    let shipped = Config::shipped();
    let pos = |c: &Config| c.topics.iter().position(|t| t.code == "huur").unwrap();
    assert_eq!(pos(&c), pos(&shipped));
}

fn error_of(text: &str) -> String {
    Config::layered(&[("shipped", SHIPPED), ("desk.toml", text)])
        .unwrap_err()
        .to_string()
}

#[test]
fn an_unknown_key_names_file_and_line() {
    let e = error_of("lang = \"nl\"\ncolour = \"red\"\n");
    assert!(e.starts_with("desk.toml:2:"), "{e}");
    assert!(e.contains("colour"), "{e}");
}

#[test]
fn a_wrong_type_names_file_and_line() {
    let e = error_of("\n\n[retention]\nnote_days = \"a year\"\n");
    assert!(e.starts_with("desk.toml:4:"), "{e}");
}

#[test]
fn broken_toml_names_file_and_line() {
    let e = error_of("tally = [\"huur\"\n[[topics]\n");
    assert!(e.starts_with("desk.toml:"), "{e}");
}

#[test]
fn an_unknown_tally_topic_names_line_and_suggests() {
    let e = error_of("# mine\ntally = [\"huur\", \"onderhoud\",\n  \"schuldn\"]\n");
    assert!(e.starts_with("desk.toml:3:3:"), "{e}");
    assert!(e.contains("`schulden`"), "{e}");
}

#[test]
fn too_many_tally_topics_is_refused() {
    let e = error_of(
        "tally = [\"huur\",\"taal\",\"klussen\",\"zorg\",\"sociaal\",\"overig\",\"energie\",\"computer\",\"sloop\",\"renovatie\"]",
    );
    assert!(e.contains("only 9 keys"), "{e}");
}

#[test]
fn a_bad_code_and_a_bad_landlord_group_are_refused() {
    let e = error_of(
        "[[topics]]\ncode = \"Grote Letters\"\nnl = \"x\"\nen = \"x\"\ngroup = \"wonen\"\n",
    );
    assert!(e.contains("must be 1-40 characters"), "{e}");
    let e = error_of("[[landlords]]\ncode = \"x\"\nnl = \"x\"\nen = \"x\"\ngroup = \"sociaal\"\n");
    assert!(e.contains("unknown group"), "{e}");
}

#[test]
fn a_missing_label_is_refused() {
    let e = error_of("[[channels]]\ncode = \"chat\"\nnl = \"Chat\"\n");
    assert!(e.contains("missing field `en`"), "{e}");
}

#[test]
fn targets_name_known_topics() {
    let ok = "[[targets]]\nyear = 2026\nname = \"Formulieren\"\ntopics = [\"formulieren\", \"schulden\"]\ncount = \"residents\"\nvalue = 950\n";
    let c = Config::layered(&[("shipped", SHIPPED), ("desk.toml", ok)]).unwrap();
    assert_eq!(c.targets[0].value, 950);
    assert_eq!(c.targets[0].count, TargetCount::Residents);
    let e = error_of(&ok.replace("schulden", "schuld"));
    assert!(e.contains("unknown topic `schuld`"), "{e}");
}

#[test]
fn a_missing_default_file_is_fine_but_a_named_one_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    assert!(Config::load(Some(&missing), false).is_ok());
    let e = Config::load(Some(&missing), true).unwrap_err().to_string();
    assert!(e.contains("nope.toml"), "{e}");
}

#[test]
fn closest_codes_use_synonyms_and_typos() {
    let c = Config::shipped();
    assert!(c.unknown_topic_message("schimmel").contains("`onderhoud`"));
    assert!(
        c.unknown_topic_message("onderhoudd")
            .contains("`onderhoud`")
    );
    assert!(c.unknown_channel_message("telefon").contains("`telefoon`"));
    assert_eq!(
        c.unknown_topic_message("qqqqqqqqqqqq"),
        "unknown topic `qqqqqqqqqqqq`"
    );
}

#[test]
fn line_col_counts_from_one() {
    assert_eq!(line_col("ab\ncd", 0), (1, 1));
    assert_eq!(line_col("ab\ncd", 4), (2, 2));
}

#[test]
fn a_desk_adds_contact_details_to_a_shipped_partner_by_code_and_sets_the_stale_age() {
    let c = Config::layered(&[
        ("<shipped defaults>", SHIPPED),
        (
            "desk.toml",
            "[kb]\nstale_after_years = 3\n\n[[partners]]\ncode = \"madi\"\nphone = \" 020 1 \"\nwebsite = \"\"\n",
        ),
    ])
    .unwrap();
    assert_eq!(c.kb_stale_after_years, 3);
    assert_eq!(Config::shipped().kb_stale_after_years, 2);
    let madi = c.partner("madi").unwrap();
    assert_eq!(
        madi.name, "Madi (maatschappelijke dienstverlening)",
        "the name is kept"
    );
    assert_eq!(madi.contact.phone.as_deref(), Some("020 1"));
    assert_eq!(madi.contact.website, None, "an empty value is no value");
    assert!(!madi.nl.is_empty(), "what they do is kept");
    let e = Config::layered(&[
        ("<shipped defaults>", SHIPPED),
        ("desk.toml", "[kb]\nstale_years = 3\n"),
    ])
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown field `stale_years`"), "{e}");
}

#[test]
fn an_escaped_control_character_in_a_label_is_refused_with_line_and_column() {
    let text = "[[topics]]\ncode = \"kapot\"\nnl = \"Kapot\\u001b[2J\"\nen = \"Broken\"\n";
    let e = Config::layered(&[("balie.toml", text)])
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("balie.toml:3:12:"), "{e}");
    assert!(e.contains("U+001B"), "{e}");
    // an escaped backslash before a `u` is no escape
    assert_eq!(escaped_control(r#"nl = "C:\\u001b""#), None);
    assert_eq!(escaped_control(r#"nl = "regel\nregel\ttab""#), None);
}

#[test]
fn a_duplicate_topic_code_or_an_unknown_topic_group_is_refused_with_the_line() {
    let twice = "[[topics]]\ncode = \"kapot\"\nnl = \"Kapot\"\nen = \"Broken\"\ngroup = \"wonen\"\n\n\
                 [[topics]]\ncode = \"kapot\"\nnl = \"Stuk\"\nen = \"Broken\"\ngroup = \"wonen\"\n";
    let e = Config::layered(&[("balie.toml", twice)])
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("balie.toml:7:") && e.contains("given twice"),
        "{e}"
    );
    let group =
        "[[topics]]\ncode = \"kapot\"\nnl = \"Kapot\"\nen = \"Broken\"\ngroup = \"woonen\"\n";
    let e = Config::layered(&[("balie.toml", group)])
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("balie.toml:1:") && e.contains("unknown group `woonen`"),
        "{e}"
    );
    // a desk's file may still redefine a shipped topic
    let shipped = Config::shipped();
    let code = &shipped.topics[0].code;
    let again = format!(
        "[[topics]]\ncode = \"{code}\"\nnl = \"Anders\"\nen = \"Other\"\ngroup = \"wonen\"\n"
    );
    Config::layered(&[("defaults", crate::config::SHIPPED), ("balie.toml", &again)]).unwrap();
}

#[test]
fn theme_and_plain_are_read_and_an_unknown_theme_is_refused_with_the_names() {
    let c = Config::shipped();
    assert_eq!((c.theme, c.plain), (Theme::Colour, false));
    let c = Config::layered(&[
        ("<shipped defaults>", SHIPPED),
        ("desk.toml", "theme = \"high-contrast\"\nplain = true\n"),
    ])
    .unwrap();
    assert_eq!((c.theme, c.plain), (Theme::HighContrast, true));
    let e = Config::layered(&[
        ("<shipped defaults>", SHIPPED),
        ("desk.toml", "theme = \"paars\"\n"),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("unknown theme `paars`") && e.contains("high-contrast"),
        "{e}"
    );
}
