//! Both matcher engines on the same small cases: in order, and tight matches first.

use super::nucleo::Nucleo;
use crate::kb::matcher::{Matcher, Skim};

fn both() -> Vec<Box<dyn Matcher>> {
    vec![Box::new(Skim::default()), Box::new(Nucleo::default())]
}

#[test]
fn both_engines_match_in_order_and_prefer_tight_matches() {
    for mut m in both() {
        let name = m.name();
        assert!(
            m.score("schimel", "achterstallig onderhoud vocht en schimmel")
                .is_some(),
            "{name}"
        );
        assert_eq!(m.score("zz", "schimmel"), None, "{name}");
        assert_eq!(m.score("lemmihcs", "schimmel"), None, "{name}");
        let tight = m.score("urg", "urgentie").unwrap();
        let loose = m.score("urg", "uitzetting raakt gezinnen").unwrap();
        assert!(tight > loose, "{name}: {tight} <= {loose}");
        let idx = m.indices("sml", "schimmel").unwrap();
        assert_eq!((idx.len(), idx[0], idx[2]), (3, 0, 7), "{name}: {idx:?}");
        assert!(idx[1] == 4 || idx[1] == 5, "{name}: {idx:?}");
    }
}
