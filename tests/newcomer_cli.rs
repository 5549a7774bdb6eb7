//! End-to-end, as a new coordinator tries the commands: traps that gave wrong data or got in
//! the way (an unknown desk, demo data in a bundle, signals spelled two ways, a note that
//! starts with a dash, ...), through the real binary on a fresh data folder.

mod common;

use common::{balie, log_ok, stdout};
use predicates::prelude::*;
use tempfile::TempDir;

/// A desk that is neither in the config nor in the data is refused with the closest names,
/// wherever a desk narrows what is read; a real desk still works.
#[test]
fn an_unknown_desk_is_refused_with_the_closest_names() {
    let dir = TempDir::new().unwrap();
    log_ok(&dir, &["--topic", "huur", "--at", "2026-11-20 10:00"]);
    let readers: [&[&str]; 6] = [
        &["report", "--by", "topic", "--period", "2026-11"],
        &["export", "--period", "2026-11"],
        &["list", "--date", "2026-11-20"],
        &["signals"],
        &["follow-ups"],
        &["report", "--targets", "--period", "2026"],
    ];
    for args in readers {
        balie(&dir)
            .args(["--desk", "Noord"])
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(
                "there is no desk `Noord` in the config or the data; did you mean `WSWonen Noord`",
            ));
    }
    // a desk of the config with no contacts yet, and a desk known only from its data
    let report =
        stdout(balie(&dir).args(["--desk", "WSWonen Noord", "report", "--period", "2026-11"]));
    assert!(report.contains("desk WSWonen Noord"), "{report}");
    let list = stdout(balie(&dir).args([
        "--desk",
        "Buurtwerkkamer MultiBron",
        "list",
        "--date",
        "2026-11-20",
    ]));
    assert!(list.contains("1 contact"), "{list}");
    // and the list of another desk leaves this desk's contact out
    let other =
        stdout(balie(&dir).args(["--desk", "WSWonen Noord", "list", "--date", "2026-11-20"]));
    assert!(other.contains("0 contact"), "{other}");
}
